// A step function's running integral over simulated time: set `value`, call advance(now) before each change.
export class Integral {
  value = 0;
  area = 0;
  private last = 0;
  advance(now: number): void {
    this.area += this.value * (now - this.last);
    this.last = now;
  }
}
