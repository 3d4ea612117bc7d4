// The part of jstat (no bundled types) the project uses: Student t quantiles (sweeps) and CDF (sweep compare).
declare module 'jstat' {
  const jstat: {
    jStat: {
      studentt: {
        /** The p-quantile of Student's t with `dof` degrees of freedom. */
        inv(p: number, dof: number): number;
        /** P(T ≤ t) for Student's t with `dof` degrees of freedom. */
        cdf(t: number, dof: number): number;
      };
    };
  };
  export = jstat;
}
