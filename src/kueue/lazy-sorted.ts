// A list read in sorted order, sorted only as far as it is read: a binary heap built in O(n), popped one item at a
// time. Preemption sorts every candidate of a cohort but usually needs the first few; for a total order (no two
// items equal) the sequence is exactly that of a full sort.

export class LazySorted<T> {
  private readonly heap: T[];
  private readonly out: T[] = [];

  constructor(
    items: readonly T[],
    private readonly cmp: (a: T, b: T) => number,
  ) {
    this.heap = [...items];
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get length(): number {
    return this.out.length + this.heap.length;
  }

  /** The i-th item in sorted order (undefined past the end). */
  at(i: number): T | undefined {
    while (this.out.length <= i && this.heap.length > 0) this.out.push(this.pop());
    return this.out[i];
  }

  private pop(): T {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const x = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.cmp(h[c + 1]!, h[c]!) < 0) c++;
      if (this.cmp(h[c]!, x) >= 0) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = x;
  }
}
