// A step function's running integral over simulated time: set `value`, call advance(now) before each change.
// Only the part inside the run's measurement window counts (src/metrics/window.ts).
import { currentWindow } from './window.js';

export class Integral {
  value = 0;
  area = 0;
  private last = 0;
  private readonly from: number;
  private readonly to: number;

  constructor() {
    const w = currentWindow();
    this.from = w.start;
    this.to = w.end;
  }

  advance(now: number): void {
    const a = Math.max(this.last, this.from);
    const b = Math.min(now, this.to);
    if (b > a) this.area += this.value * (b - a);
    this.last = now;
  }
}
