// Ground-truth accounting of the collection path. Every record an agent accepts is counted
// `emitted` once, then exactly once either `stored` or `dropped` with a stage and reason.
// Batches are tracked from send to arrival or abandonment, so a transport that misbehaves
// (reports a loss for a batch that arrived, delivers after the agent gave up) cannot make
// a record count twice: the first resolution wins and the other is an `anomaly`.
// Whatever still holds records when the books close (an agent's queue, a retroactive buffer)
// registers as a holder and gives them up in `settle`, so a record cannot stay in limbo: a run
// that ends while work is still emitting (requests outliving the drain after a host crash) used
// to leave its last records neither stored nor dropped.
import type { TraceRecord } from "../model/types.ts";
import { DROP_REASONS } from "./types.ts";
import type { AccountingSummary, Batch, DropReason, Stage } from "./types.ts";

/** Anything with the tracer core's live counters (a Tracer, or its `stats`' owner). */
export interface TracePointSource {
  readonly stats: { readonly tracePoints: number; readonly notSampled: number };
}

/** Holds records the ledger counted emitted and nothing has resolved yet. */
export interface RecordHolder {
  /** The books close: count every record still held as dropped (and hold none after). */
  settle(): void;
}

export interface DropRow {
  readonly host: string;
  readonly stage: Stage;
  readonly reason: DropReason;
  readonly count: number;
}

export interface HostAccounting {
  tracePoints: number;
  notSampled: number;
  emitted: number;
  stored: number;
  dropped: Record<DropReason, number>;
}

interface HostCounts {
  emitted: number;
  stored: number;
  /** key: `${stage}/${reason}` */
  dropped: Map<string, number>;
}

type BatchState = "transit" | "rejected";

export type ArrivalVerdict = "new" | "unknown";

export const recordHost = (r: TraceRecord): string => (r.type === "event" ? r.event.host : r.span.host);
export const recordTraceId = (r: TraceRecord): string => (r.type === "event" ? r.event.traceId : r.span.traceId);

const zeroDrops = (): Record<DropReason, number> => {
  const d = {} as Record<DropReason, number>;
  for (const r of DROP_REASONS) d[r] = 0;
  return d;
};

export interface LedgerOptions {
  /** Count drops per trace, so a stored trace can be told complete or partial. Default true. */
  readonly trackTraces?: boolean;
}

export class Ledger {
  emitted = 0;
  stored = 0;
  /** Records recognised as duplicates of one already accepted (not counted twice). */
  duplicates = 0;
  /** Transport contract violations that were absorbed (see the file comment). */
  anomalies = 0;
  readonly dropped: Record<DropReason, number> = zeroDrops();
  private readonly hosts = new Map<string, HostCounts>();
  /** Drops per trace id, for traces that lost anything (kept small when little is lost). */
  private readonly droppedByTrace: Map<string, number> | undefined;
  private lastHostName = "";
  private lastHost: HostCounts | undefined;
  private readonly sources: { host: string; source: TracePointSource }[] = [];
  private readonly batches = new Map<string, { batch: Batch; state: BatchState }>();
  private readonly agentNames = new Set<string>();
  private readonly holders: RecordHolder[] = [];

  constructor(options: LedgerOptions = {}) {
    this.droppedByTrace = options.trackTraces === false ? undefined : new Map();
  }

  /** Claims an agent name: batches are tracked by (agent, seq), so names must be unique. */
  registerAgent(name: string): boolean {
    if (this.agentNames.has(name)) return false;
    this.agentNames.add(name);
    return true;
  }

  /** Registers something that may still hold records when the books close (see `settle`). */
  registerHolder(holder: RecordHolder): void {
    this.holders.push(holder);
  }

  /** Registers a tracer so its trace-point counters join the summary. */
  attachTracer(host: string, source: TracePointSource): void {
    this.sources.push({ host, source });
  }

  private host(name: string): HostCounts {
    // Records come in runs from one host: remember the last one looked up.
    if (name === this.lastHostName && this.lastHost !== undefined) return this.lastHost;
    let h = this.hosts.get(name);
    if (h === undefined) {
      h = { emitted: 0, stored: 0, dropped: new Map() };
      this.hosts.set(name, h);
    }
    this.lastHostName = name;
    this.lastHost = h;
    return h;
  }

  countEmitted(record: TraceRecord): void {
    this.emitted++;
    this.host(recordHost(record)).emitted++;
  }

  countStored(record: TraceRecord): void {
    this.countStoredOn(recordHost(record));
  }

  /** A record from `host` was stored (for callers that kept only where records came from). */
  countStoredOn(host: string): void {
    this.stored++;
    this.host(host).stored++;
  }

  countDropped(record: TraceRecord, stage: Stage, reason: DropReason): void {
    this.countDroppedOn(recordHost(record), recordTraceId(record), stage, reason);
  }

  /** A record from `host`, of trace `traceId`, was dropped. */
  countDroppedOn(host: string, traceId: string, stage: Stage, reason: DropReason): void {
    this.dropped[reason]++;
    const dropped = this.host(host).dropped;
    const key = `${stage}/${reason}`;
    dropped.set(key, (dropped.get(key) ?? 0) + 1);
    if (this.droppedByTrace !== undefined) {
      this.droppedByTrace.set(traceId, (this.droppedByTrace.get(traceId) ?? 0) + 1);
    }
  }

  countDroppedAll(records: Iterable<TraceRecord>, stage: Stage, reason: DropReason): void {
    for (const r of records) this.countDropped(r, stage, reason);
  }

  /** A record that duplicates one already accepted: it was emitted twice, count it once. */
  countDuplicate(record: TraceRecord): void {
    this.countDuplicateOn(recordHost(record));
  }

  /** A record from `host` duplicated one already accepted. */
  countDuplicateOn(host: string): void {
    this.duplicates++;
    this.emitted--;
    this.host(host).emitted--;
  }

  // --- batches in flight -------------------------------------------------------------

  private static key(batch: Batch): string {
    return `${batch.agent}#${batch.seq}`;
  }

  batchSent(batch: Batch): void {
    const key = Ledger.key(batch);
    if (!this.batches.has(key)) this.batches.set(key, { batch, state: "transit" });
  }

  /**
   * A batch reached the collector. "new": the collector now owns its records; "unknown":
   * it was already resolved (arrived before, or abandoned by its agent) or never sent.
   */
  batchArrived(batch: Batch): ArrivalVerdict {
    const key = Ledger.key(batch);
    if (!this.batches.delete(key)) return "unknown";
    return "new";
  }

  /** A batch reached a collector that was down; its agent decides whether to retry. */
  batchRejected(batch: Batch): void {
    const entry = this.batches.get(Ledger.key(batch));
    if (entry !== undefined) entry.state = "rejected";
  }

  /** The agent gave up on a batch: its records are dropped, unless it already arrived. */
  batchAbandoned(batch: Batch, stage: Stage, reason: DropReason): void {
    if (!this.batches.delete(Ledger.key(batch))) {
      this.anomalies++;
      return;
    }
    this.countDroppedAll(batch.records, stage, reason);
  }

  /** Batches sent but not yet resolved. */
  get batchesInFlight(): number {
    return this.batches.size;
  }

  /**
   * Ends the books at the end of a run: holders give up what they still hold (records still
   * queued at an agent are `unsent`, still buffered are `evicted`); batches still unresolved
   * are counted as lost in the network, or as collector-down if their last attempt was rejected.
   */
  settle(): void {
    for (const holder of this.holders) holder.settle();
    const open = [...this.batches.values()];
    this.batches.clear();
    for (const { batch, state } of open) {
      if (state === "rejected") this.countDroppedAll(batch.records, "collector", "collector-down");
      else this.countDroppedAll(batch.records, "network", "network-loss");
    }
  }

  // --- reading -------------------------------------------------------------------------

  get droppedTotal(): number {
    let n = 0;
    for (const r of DROP_REASONS) n += this.dropped[r];
    return n;
  }

  /** Records emitted but neither stored nor dropped yet (queued, in transit, pending). */
  get inFlight(): number {
    return this.emitted - this.stored - this.droppedTotal;
  }

  /** Exactly `summary.json`'s `tracer.accounting`. */
  summary(): AccountingSummary {
    let tracePoints = 0;
    let notSampled = 0;
    for (const { source } of this.sources) {
      tracePoints += source.stats.tracePoints;
      notSampled += source.stats.notSampled;
    }
    const dropped = zeroDrops();
    for (const r of DROP_REASONS) dropped[r] = this.dropped[r];
    return { tracePoints, notSampled, emitted: this.emitted, stored: this.stored, dropped };
  }

  /** Per-host accounting, hosts sorted by name. */
  byHost(): Record<string, HostAccounting> {
    const names = new Set<string>(this.hosts.keys());
    for (const { host } of this.sources) names.add(host);
    const out: Record<string, HostAccounting> = {};
    for (const name of [...names].sort(compareStrings)) {
      const h = this.hosts.get(name);
      const entry: HostAccounting = { tracePoints: 0, notSampled: 0, emitted: h?.emitted ?? 0, stored: h?.stored ?? 0, dropped: zeroDrops() };
      for (const { host, source } of this.sources) {
        if (host !== name) continue;
        entry.tracePoints += source.stats.tracePoints;
        entry.notSampled += source.stats.notSampled;
      }
      if (h !== undefined) {
        for (const [key, n] of h.dropped) entry.dropped[key.slice(key.indexOf("/") + 1) as DropReason] += n;
      }
      out[name] = entry;
    }
    return out;
  }

  /** Drop counters per host, stage and reason, sorted by all three. */
  rows(): DropRow[] {
    const rows: DropRow[] = [];
    for (const [host, h] of this.hosts) {
      for (const [key, count] of h.dropped) {
        const slash = key.indexOf("/");
        rows.push({ host, stage: key.slice(0, slash) as Stage, reason: key.slice(slash + 1) as DropReason, count });
      }
    }
    return rows.sort(
      (a, b) => compareStrings(a.host, b.host) || compareStrings(a.stage, b.stage) || compareStrings(a.reason, b.reason),
    );
  }

  /**
   * Records of this trace dropped anywhere so far (ground truth). Once a run is settled, a
   * stored trace with no drops is complete: everything it emitted was stored.
   */
  droppedFor(traceId: string): number {
    if (this.droppedByTrace === undefined) throw new Error("ledger: per-trace drops are not tracked (trackTraces: false)");
    return this.droppedByTrace.get(traceId) ?? 0;
  }
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `emitted = stored + sum(dropped)`: the conservation law a settled run must satisfy. */
export function conserves(summary: AccountingSummary): boolean {
  let dropped = 0;
  for (const r of DROP_REASONS) dropped += summary.dropped[r];
  return summary.emitted === summary.stored + dropped;
}
