// The part of jstat (no bundled types) the project uses: Student t quantiles (sweeps) and CDF (sweep compare), the
// normal CDF and quantile (snapshot durations).
declare module 'jstat' {
  const jstat: {
    jStat: {
      studentt: {
        /** The p-quantile of Student's t with `dof` degrees of freedom. */
        inv(p: number, dof: number): number;
        /** P(T ≤ t) for Student's t with `dof` degrees of freedom. */
        cdf(t: number, dof: number): number;
      };
      normal: {
        cdf(x: number, mean: number, sd: number): number;
        inv(p: number, mean: number, sd: number): number;
      };
    };
  };
  export = jstat;
}
