// parseDuration, remembered: every pod of a Job carries the same few duration annotation texts, so the kubelet
// parses each once (parseDuration allocated a regexp match and a BigInt sum per pod start). parseDuration is a pure
// function; a text that throws is not remembered and throws again. Bounded: past the cap, texts are parsed anew.
import { parseDuration } from '../../scenario/duration.js';

/** Distinct texts remembered (a scenario has a handful; the cap only bounds memory). */
export const DURATION_MEMO_MAX = 4096;

export class DurationMemo {
  private readonly us = new Map<string, number>();

  constructor(private readonly max = DURATION_MEMO_MAX) {}

  /** parseDuration(text), µs. */
  parse(text: string): number {
    let v = this.us.get(text);
    if (v === undefined) {
      v = parseDuration(text);
      if (this.us.size < this.max) this.us.set(text, v);
    }
    return v;
  }

  get size(): number {
    return this.us.size;
  }
}
