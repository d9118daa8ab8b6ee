// A whole trace's events at the collector, held as numbers until somebody reads them. A kept
// trace lives from its first record to the end of a run, and as objects each event is about
// five of them (the event, its boxed time, its id strings, its parents array, its attributes)
// that the garbage collector copies twice and then marks again and again. Here an event is a
// run of int32 (ids as two halves, kind, string numbers, parents, attribute keys) and float64
// (its time, numeric attribute values) in two typed arrays, and the strings events share
// (names, services, hosts, ITC stamps, attribute keys and values) are numbered once in a
// StringTable, as are the frozen attribute objects trace points share (an event refers to
// one whole). Events are rebuilt, field for field and in the tracer's own shapes, only
// when a trace's events are read. A pending trace's arrays come from a pool (PackBuffers) and
// a kept one is sealed into arrays of its own size once.
import { EVENT_KINDS as KINDS, SPAN_KINDS, STATUS_CODES } from "../model/types.ts";
import type { Attributes, AttributeValue, SpanRecord, Trace, TraceEvent } from "../model/types.ts";
import { id64, writeId64 } from "../model/ids.ts";
import { STATUS, endEvent, otherEvent, startEvent } from "../tracer/events.ts";
import { stringSlot } from "./size.ts";
import { PackBuffers } from "./pack-buffers.ts";

const EMPTY_INTS = new Int32Array(0);
const EMPTY_FLOATS = new Float64Array(0);

/** A trace as the collector stores it: its events and spans, which late records may join. */
export interface StoredTrace extends Trace {
  readonly events: TraceEvent[];
  readonly spans: SpanRecord[];
}

type Status = TraceEvent["status"];

// meta: kind (3 bits), span kind + 1 (3 bits, 0 for none), then flags.
const SPAN_KIND_SHIFT = 3;
const HAS_PARENT_SPAN = 1 << 6;
/** Not in the tracer's shapes (or a string the table has no room for): kept as the object. */
const AS_IS = 1 << 7;

// Attribute value tags.
const NUMBER = 0;
const STRING = 1;
const TRUE = 2;
const FALSE = 3;

/** An attribute count of SHARED - k: the attributes are the table's shared object k. */
const SHARED = -2;

/** At most this many distinct strings are numbered; events needing more are kept as objects. */
export const MAX_STRINGS = 1 << 16;

/** Values numbered in order of first use, up to a capacity (-1 past it). */
class Numbering<T> {
  readonly values: T[] = [];
  private readonly numbers = new Map<T, number>();

  constructor(private readonly capacity: number) {}

  number(v: T): number {
    let k = this.numbers.get(v);
    if (k === undefined) {
      if (this.values.length >= this.capacity) return -1;
      k = this.values.length;
      this.values.push(v);
      this.numbers.set(v, k);
    }
    return k;
  }
}

/** Strings numbered in order of first use, shared by the packs of one collector. */
export class StringTable {
  private readonly stringNumbers: Numbering<string>;
  private readonly sharedNumbers: Numbering<Attributes>;
  // A small direct-mapped cache in front of the map: the same few names, hosts and keys come
  // again and again, and comparing a string with itself is a pointer check.
  private readonly cachedStrings: string[] = new Array<string>(SLOTS).fill("");
  private readonly cachedNumbers = new Int32Array(SLOTS).fill(-1);

  constructor(capacity = MAX_STRINGS) {
    this.stringNumbers = new Numbering(capacity);
    this.sharedNumbers = new Numbering(capacity);
  }

  get strings(): readonly string[] {
    return this.stringNumbers.values;
  }

  /** Frozen attributes objects, numbered like the strings (see `shared`). */
  get sharedObjects(): readonly Attributes[] {
    return this.sharedNumbers.values;
  }

  /** The string's number, or -1 when it is new and the table is full. */
  number(s: string): number {
    const slot = stringSlot(s, SLOTS);
    if (this.cachedStrings[slot] === s) return this.cachedNumbers[slot]!;
    const k = this.stringNumbers.number(s);
    if (k < 0) return k;
    this.cachedStrings[slot] = s;
    this.cachedNumbers[slot] = k;
    return k;
  }

  /**
   * A frozen attributes object's number, or -1 when it is new and the table is full. A trace
   * point shares one frozen object across its calls (see startSpan): an event refers to it
   * whole, and gets the very object back.
   */
  shared(attributes: Attributes): number {
    return this.sharedNumbers.number(attributes);
  }
}

const SLOTS = 128;

/** Ints of a row without its parents and attributes, at most (the attribute count included). */
const FIXED_INTS = 16;

/** One trace's events, packed in arrival order. */
export class EventPack {
  // Room for about a dozen events (some 20 ints each) to start with, doubling as needed: a
  // whole trace may wait long, and a collector may hold tens of thousands of them.
  private ints: Int32Array<ArrayBuffer>;
  private floats: Float64Array<ArrayBuffer>;
  private intsUsed = 0;
  private floatsUsed = 0;
  private asIs: TraceEvent[] | undefined = undefined;
  private count = 0;
  /** Where the arrays come from and go back to until `seal` or `discard`; undefined once sealed. */
  private buffers: PackBuffers | undefined;

  constructor(
    private readonly table: StringTable,
    buffers: PackBuffers = new PackBuffers(),
  ) {
    this.buffers = buffers;
    this.ints = buffers.ints.take(256);
    this.floats = buffers.floats.take(16);
  }

  /** No more rows: the arrays shrink to what is used and the pooled ones go back. */
  seal(): void {
    const buffers = this.buffers;
    if (buffers === undefined) return;
    const ints = this.ints.slice(0, this.intsUsed);
    const floats = this.floats.slice(0, this.floatsUsed);
    buffers.ints.give(this.ints);
    buffers.floats.give(this.floats);
    this.ints = ints;
    this.floats = floats;
    this.buffers = undefined;
  }

  /** The pack will not be read: its pooled arrays go back. */
  discard(): void {
    const buffers = this.buffers;
    if (buffers === undefined) return;
    buffers.ints.give(this.ints);
    buffers.floats.give(this.floats);
    this.ints = EMPTY_INTS;
    this.floats = EMPTY_FLOATS;
    this.intsUsed = 0;
    this.floatsUsed = 0;
    this.count = 0;
    this.asIs = undefined;
    this.buffers = undefined;
  }

  get length(): number {
    return this.count;
  }

  /** Packs an event. */
  add(e: TraceEvent): void {
    this.count++;
    const start = this.intsUsed;
    const floatStart = this.floatsUsed;
    if (!this.encode(e)) {
      // Undo the partial row, and keep the event itself.
      this.intsUsed = start;
      this.floatsUsed = floatStart;
      const ints = this.reserve(2);
      ints[this.intsUsed++] = AS_IS;
      ints[this.intsUsed++] = (this.asIs ??= []).length;
      this.asIs.push(e);
    }
  }

  /** Room for `n` more ints. */
  private reserve(n: number): Int32Array {
    if (this.intsUsed + n > this.ints.length) this.growInts(n);
    return this.ints;
  }

  private growInts(n: number): void {
    const buffers = this.buffers ?? new PackBuffers();
    const ints = buffers.ints.take(Math.max(this.ints.length * 2, this.intsUsed + n));
    ints.set(this.ints.subarray(0, this.intsUsed));
    buffers.ints.give(this.ints);
    this.ints = ints;
  }

  private float(v: number): void {
    if (this.floatsUsed === this.floats.length) {
      const buffers = this.buffers ?? new PackBuffers();
      const floats = buffers.floats.take(Math.max(16, this.floats.length * 2));
      floats.set(this.floats.subarray(0, this.floatsUsed));
      buffers.floats.give(this.floats);
      this.floats = floats;
    }
    this.floats[this.floatsUsed++] = v;
  }

  /** A string's number, or -1 (then the event is kept as is). */
  private string(s: string): number {
    return typeof s === "string" ? this.table.number(s) : -1;
  }

  /**
   * Appends the event's row: meta, event id, span id, [parent span id], name, service, host,
   * ITC stamp (or -1), [status code and message (or -1)], parents, attributes; its time and
   * numeric attribute values as floats. False when the event does not fit the tracer's shapes.
   */
  private encode(e: TraceEvent): boolean {
    const kind = KINDS.indexOf(e.kind);
    if (kind < 0 || e.links !== undefined) return false;
    const eventId = e.eventId;
    const spanId = e.spanId;
    const parents = e.parents;
    const n = parents.length;
    const ints = this.reserve(FIXED_INTS + 2 * n);
    let i = this.intsUsed;
    let meta = kind;
    const metaAt = i++;
    if (!writeId64(ints, i, eventId)) return false;
    i += 2;
    let status: Status;
    if (kind === 0) {
      // start: its id is the span's, it has a span kind, and a parent span unless a root.
      if (spanId !== eventId || e.status !== undefined) return false;
      ints[i] = ints[i - 2]!;
      ints[i + 1] = ints[i - 1]!;
      i += 2;
      const spanKind = SPAN_KINDS.indexOf(e.spanKind!);
      if (spanKind < 0) return false;
      meta |= (spanKind + 1) << SPAN_KIND_SHIFT;
      const parentSpanId = e.parentSpanId;
      if (parentSpanId !== undefined) {
        if (!writeId64(ints, i, parentSpanId)) return false;
        meta |= HAS_PARENT_SPAN;
        i += 2;
      }
    } else {
      if (e.spanKind !== undefined || e.parentSpanId !== undefined) return false;
      // end events always carry a status, the others never.
      status = e.status;
      if ((kind === 1) !== (status !== undefined)) return false;
      if (!writeId64(ints, i, spanId)) return false;
      i += 2;
    }
    ints[metaAt] = meta;
    const name = this.string(e.name);
    const service = this.string(e.service);
    const host = this.string(e.host);
    const itcText = e.itc;
    const itc = itcText === undefined ? -1 : this.string(itcText);
    if ((name | service | host) < 0 || (itc < 0 && itcText !== undefined)) return false;
    ints[i++] = name;
    ints[i++] = service;
    ints[i++] = host;
    ints[i++] = itc;
    if (status !== undefined) {
      const code = STATUS_CODES.indexOf(status.code);
      const message = status.message === undefined ? -1 : this.string(status.message);
      if (code < 0 || (message < 0 && status.message !== undefined)) return false;
      ints[i++] = code;
      ints[i++] = message;
    }
    ints[i++] = n;
    for (let p = 0; p < n; p++) {
      if (!writeId64(ints, i, parents[p]!)) return false;
      i += 2;
    }
    this.intsUsed = i;
    this.float(e.timestamp);
    return this.attributes(e.attributes);
  }

  private attributes(attributes: Attributes | undefined): boolean {
    if (attributes === undefined) {
      this.reserve(1)[this.intsUsed++] = -1;
      return true;
    }
    if (Object.isFrozen(attributes)) {
      const k = this.table.shared(attributes);
      if (k >= 0) {
        this.reserve(1)[this.intsUsed++] = SHARED - k;
        return true;
      }
    }
    const at = this.intsUsed++;
    let n = 0;
    for (const key in attributes) {
      const k = this.string(key);
      const v: AttributeValue = attributes[key]!;
      if (k < 0) return false;
      const ints = this.reserve(3);
      let i = this.intsUsed;
      ints[i++] = k;
      if (typeof v === "number") {
        ints[i++] = NUMBER;
        this.float(v);
      } else if (typeof v === "string") {
        const s = this.string(v);
        if (s < 0) return false;
        ints[i++] = STRING;
        ints[i++] = s;
      } else if (v === true || v === false) ints[i++] = v ? TRUE : FALSE;
      else return false;
      this.intsUsed = i;
      n++;
    }
    this.ints[at] = n;
    return true;
  }

  /** The events of the given rows (ascending), each equal field for field to the one added. */
  events(traceId: string, rows: readonly number[]): TraceEvent[] {
    const out: TraceEvent[] = [];
    const strings = this.table.strings;
    const shared = this.table.sharedObjects;
    const ints = this.ints;
    const floats = this.floats;
    let i = 0;
    let f = 0;
    let next = 0;
    const idAt = (at: number): string => id64(ints[at]!, ints[at + 1]!);
    for (let row = 0; row < this.count && next < rows.length; row++) {
      const meta = ints[i++]!;
      if ((meta & AS_IS) !== 0) {
        const e = this.asIs![ints[i++]!]!;
        if (rows[next] === row) {
          out.push(e);
          next++;
        }
        continue;
      }
      const wanted = rows[next] === row;
      if (wanted) next++;
      const kind = KINDS[meta & 7]!;
      const eventAt = i;
      i += 4;
      let parentSpanAt = -1;
      if ((meta & HAS_PARENT_SPAN) !== 0) {
        parentSpanAt = i;
        i += 2;
      }
      const name = strings[ints[i]!]!;
      const service = strings[ints[i + 1]!]!;
      const host = strings[ints[i + 2]!]!;
      const itcNumber = ints[i + 3]!;
      i += 4;
      let status: Status;
      if (kind === "end") {
        const code = ints[i]!;
        const message = ints[i + 1]!;
        status = message < 0 ? STATUS[STATUS_CODES[code]!] : { code: STATUS_CODES[code]!, message: strings[message]! };
        i += 2;
      }
      const parentCount = ints[i++]!;
      const parentsAt = i;
      i += 2 * parentCount;
      const timestamp = floats[f++]!;
      const attributeCount = ints[i++]!;
      let attributes: Record<string, AttributeValue> | undefined;
      if (attributeCount <= SHARED) attributes = shared[SHARED - attributeCount] as Record<string, AttributeValue>;
      else if (attributeCount >= 0) {
        attributes = {};
        for (let a = 0; a < attributeCount; a++) {
          const key = strings[ints[i++]!]!;
          const tag = ints[i++]!;
          const value = tag === NUMBER ? floats[f++]! : tag === STRING ? strings[ints[i++]!]! : tag === TRUE;
          if (wanted) attributes[key] = value;
        }
      }
      if (!wanted) continue;
      const eventId = idAt(eventAt);
      const itc = itcNumber < 0 ? undefined : strings[itcNumber]!;
      const parents: string[] = [];
      for (let p = 0; p < parentCount; p++) parents.push(idAt(parentsAt + 2 * p));
      if (kind === "start") {
        const spanKind = SPAN_KINDS[((meta >>> SPAN_KIND_SHIFT) & 7) - 1]!;
        const parentSpanId = parentSpanAt < 0 ? undefined : idAt(parentSpanAt);
        out.push(startEvent(traceId, eventId, name, service, host, timestamp, parents, itc, spanKind, parentSpanId, attributes, undefined));
      } else if (kind === "end") {
        out.push(endEvent(traceId, eventId, idAt(eventAt + 2), name, service, host, timestamp, parents, itc, status!, attributes, undefined));
      } else {
        out.push(otherEvent(traceId, eventId, kind, idAt(eventAt + 2), name, service, host, timestamp, parents, itc, attributes));
      }
    }
    return out;
  }
}

/**
 * A stored trace whose events are rebuilt from their pack the first time `events` is read
 * (then kept, as an ordinary array). `rows` lists the pack's rows in the trace, ascending.
 */
export function packedTrace(traceId: string, pack: EventPack, rows: readonly number[], spans: SpanRecord[]): StoredTrace {
  let events: TraceEvent[] | undefined;
  let from: EventPack | undefined = pack;
  const trace = { traceId, events: [] as TraceEvent[], spans };
  // An own, enumerable accessor: spreads, JSON and structured clones see it like a field.
  Object.defineProperty(trace, "events", {
    enumerable: true,
    get(): TraceEvent[] {
      if (events === undefined) {
        events = from!.events(traceId, rows);
        from = undefined;
      }
      return events;
    },
  });
  return trace;
}
