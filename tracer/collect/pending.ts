// A trace waiting at the collector for its decision. What the decision needs of each record
// (its key, for duplicates, and its host, for the books) goes into the collector's
// RecordIndex on arrival, as numbers, so a trace waiting 30 s holds no per-record objects
// beyond what it must: a whole trace keeps its events and spans for assembly, a counted-only
// one nothing else, so its records die young.
import type { SpanRecord, TraceEvent, TraceRecord } from "../model/types.ts";
import { emptyList } from "./record-index.ts";
import type { OnIndexedRecord, RecordIndex, SlotList } from "./record-index.ts";

/** The identity of a record within its trace, for recognising duplicates. */
export const recordKey = (r: TraceRecord): string => (r.type === "event" ? r.event.eventId : `span:${r.span.spanId}`);

/** Called once per record dropped as a repeat of one already in the trace. */
export type OnDuplicate = (host: string) => void;

export interface UniqueRecords {
  readonly events: TraceEvent[];
  readonly spans: SpanRecord[];
  /** One per kept record. */
  readonly hosts: readonly string[];
}

export class PendingTrace {
  readonly traceId: string;
  readonly first: number;
  last: number;
  decided = false;
  /** A whole trace's events and spans, in arrival order (the order of its index slots). */
  private items: (TraceEvent | SpanRecord)[] | undefined;
  private readonly slots: SlotList = emptyList();

  constructor(
    private readonly index: RecordIndex,
    traceId: string,
    now: number,
    whole: boolean,
  ) {
    this.traceId = traceId;
    this.first = now;
    this.last = now;
    if (whole) this.items = [];
  }

  /** Whether the trace is assembled at its decision (else only counted). */
  get whole(): boolean {
    return this.items !== undefined;
  }

  add(record: TraceRecord): void {
    if (record.type === "event") {
      const e = record.event;
      this.index.add(this.slots, e.eventId, false, e.host);
      this.items?.push(e);
    } else {
      const span = record.span;
      this.index.add(this.slots, span.spanId, true, span.host);
      this.items?.push(span);
    }
  }

  /** Lets the records go: from now on the trace is only counted. */
  countOnly(): void {
    this.items = undefined;
  }

  /** Passes each record to `onRecord`, or its host to `onDuplicate` for a repeat. Frees the index slots. */
  forEachUnique(onRecord: OnIndexedRecord, onDuplicate: OnDuplicate): void {
    this.index.forEach(this.slots, onRecord, onDuplicate);
    this.index.release(this.slots);
  }

  /** A whole trace's events and spans, each repeat of a key dropped (and reported). Frees the index slots. */
  uniqueRecords(onDuplicate: OnDuplicate): UniqueRecords {
    const items = this.items;
    if (items === undefined) throw new Error("collector: a counted-only trace has no records");
    const events: TraceEvent[] = [];
    const spans: SpanRecord[] = [];
    const hosts: string[] = [];
    this.forEachUnique((host, i, span) => {
      if (span) spans.push(items[i] as SpanRecord);
      else events.push(items[i] as TraceEvent);
      hosts.push(host);
    }, onDuplicate);
    return { events, spans, hosts };
  }
}
