// The run's event log (CONTRACT.md §5): one record per observable change, in simulated-time order.
// Metrics and reports subscribe to it; they never read the engine.

export interface LogRecord {
  /** Simulated seconds since the start of the run. */
  t: number;
  type: string;
  [field: string]: unknown;
}

export type LogListener = (r: LogRecord) => void;

export class EventLog {
  private readonly listeners: LogListener[] = [];
  /** Kept in memory unless `retain` is false (streaming sinks subscribe instead). */
  readonly records: LogRecord[] = [];

  constructor(
    private readonly nowSeconds: () => number,
    private readonly retain = true,
  ) {}

  subscribe(l: LogListener): void {
    this.listeners.push(l);
  }

  emit(type: string, fields: Record<string, unknown>): void {
    const r: LogRecord = { t: this.nowSeconds(), type, ...fields };
    if (this.retain) this.records.push(r);
    for (const l of this.listeners) l(r);
  }

  /** True when a record would go anywhere (kept, or a listener): a caller may skip building one otherwise. */
  get recording(): boolean {
    return this.retain || this.listeners.length > 0;
  }

  /**
   * A Kubernetes Event as a controller's recorder writes it: the record built directly, with emit's field order
   * (the scheduler writes one per bind, and the spread of a fields object cost more than the rest of the record).
   */
  kubeEvent(object: string, kind: string, eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    if (!this.retain && this.listeners.length === 0) return;
    const r: LogRecord = { t: this.nowSeconds(), type: 'Event', object, kind, eventType, reason, message };
    if (this.retain) this.records.push(r);
    for (const l of this.listeners) l(r);
  }
}
