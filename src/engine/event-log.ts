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

  /** A Kubernetes Event as a controller's recorder writes it. */
  kubeEvent(object: string, kind: string, eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.emit('Event', { object, kind, eventType, reason, message });
  }
}
