// A trace waiting at the collector for its decision. What the decision needs of each record
// (its key, for duplicates, and its host, for the books) goes into the collector's
// RecordIndex on arrival, as numbers, so a trace waiting 30 s holds no per-record objects
// beyond what it must: a whole trace keeps its events packed as numbers (see EventPack) and
// its spans, for assembly; a counted-only one nothing else, so its records die young.
import type { SpanRecord, TraceRecord } from "../model/types.ts";
import { EventPack, packedTrace } from "./event-pack.ts";
import type { StoredTrace, StringTable } from "./event-pack.ts";
import type { PackBuffers } from "./pack-buffers.ts";
import { emptyList } from "./record-index.ts";
import type { OnIndexedRecord, RecordIndex, SlotList } from "./record-index.ts";

/** The identity of a record within its trace, for recognising duplicates. */
export const recordKey = (r: TraceRecord): string => (r.type === "event" ? r.event.eventId : `span:${r.span.spanId}`);

/** Called once per record dropped as a repeat of one already in the trace. */
export type OnDuplicate = (host: string) => void;

/** A whole trace's records, each repeat of a key dropped; its events are rebuilt when first read. */
export interface UniqueRecords {
  readonly trace: StoredTrace;
  /** One per kept record. */
  readonly hosts: readonly string[];
}

/** What a whole trace holds until its decision. */
interface Whole {
  readonly events: EventPack;
  readonly spans: SpanRecord[];
  /** The arrival position of each span among all the trace's records, ascending. */
  readonly spanPositions: number[];
}

export class PendingTrace {
  readonly traceId: string;
  readonly first: number;
  last: number;
  decided = false;
  /** Neighbours in the collector's deadline order (see PendingTraces). */
  prevPending: PendingTrace | undefined = undefined;
  nextPending: PendingTrace | undefined = undefined;
  private held: Whole | undefined;
  private readonly slots: SlotList = emptyList();

  constructor(
    private readonly index: RecordIndex,
    traceId: string,
    now: number,
    /** For a whole trace, the table its events' strings are numbered in; undefined to only count it. */
    strings: StringTable | undefined,
    buffers?: PackBuffers,
  ) {
    this.traceId = traceId;
    this.first = now;
    this.last = now;
    if (strings !== undefined) this.held = { events: new EventPack(strings, buffers), spans: [], spanPositions: [] };
  }

  /** Whether the trace is assembled at its decision (else only counted). */
  get whole(): boolean {
    return this.held !== undefined;
  }

  add(record: TraceRecord): void {
    const held = this.held;
    if (record.type === "event") {
      const e = record.event;
      this.index.add(this.slots, e.eventId, false, e.host);
      held?.events.add(e);
    } else {
      const span = record.span;
      if (held !== undefined) {
        held.spanPositions.push(this.slots.length);
        held.spans.push(span);
      }
      this.index.add(this.slots, span.spanId, true, span.host);
    }
  }

  /** Lets the records go: from now on the trace is only counted. */
  countOnly(): void {
    this.held?.events.discard();
    this.held = undefined;
  }

  /** Passes each record to `onRecord`, or its host to `onDuplicate` for a repeat. Frees the index slots. */
  forEachUnique(onRecord: OnIndexedRecord, onDuplicate: OnDuplicate): void {
    this.countOnly();
    this.index.forEach(this.slots, onRecord, onDuplicate);
    this.index.release(this.slots);
  }

  /** A whole trace, each repeat of a key dropped (and reported). Frees the index slots. */
  uniqueRecords(onDuplicate: OnDuplicate): UniqueRecords {
    const held = this.held;
    if (held === undefined) throw new Error("collector: a counted-only trace has no records");
    const rows: number[] = [];
    const spans: SpanRecord[] = [];
    const hosts: string[] = [];
    const positions = held.spanPositions;
    // Spans seen so far: a record's position minus it is the event's row in the pack.
    let s = 0;
    this.held = undefined;
    this.index.forEach(this.slots, (host, i, span) => {
      while (s < positions.length && positions[s]! < i) s++;
      if (span) spans.push(held.spans[s]!);
      else rows.push(i - s);
      hosts.push(host);
    }, onDuplicate);
    this.index.release(this.slots);
    held.events.seal();
    return { trace: packedTrace(this.traceId, held.events, rows, spans), hosts };
  }
}
