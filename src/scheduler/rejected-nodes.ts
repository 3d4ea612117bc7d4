import type { NodeInfo } from './node-info.js';

/**
 * A cycle's rejected nodes with their reasons, in visit order, in arrays reused from cycle to cycle. A walk visits a
 * node once (clear() before a repeated walk), so each node is here at most once.
 */
export class RejectedNodes {
  private readonly nodes: NodeInfo[] = [];
  private readonly reasons: string[] = [];
  private n = 0;

  get length(): number {
    return this.n;
  }

  nodeAt(i: number): NodeInfo {
    return this.nodes[i]!;
  }

  reasonAt(i: number): string {
    return this.reasons[i]!;
  }

  clear(): void {
    this.n = 0;
  }

  add(info: NodeInfo, reason: string): void {
    this.nodes[this.n] = info;
    this.reasons[this.n] = reason;
    this.n++;
  }
}
