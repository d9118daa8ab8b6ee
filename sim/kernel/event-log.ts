// The event log: a rolling 64-bit hash (two 32-bit lanes of integer mixing) over every processed
// event's (time, sequence, process id, kind), cheap enough to run on every step. With `record`
// on, the entries are kept too, so two runs can be compared to find the first differing event.
import { KIND_NAMES } from "./event.ts";
import type { Actor } from "./event.ts";

export interface EventLogEntry {
  /** 0-based position in the log. */
  readonly index: number;
  readonly time: number;
  readonly seq: number;
  /** Id of the process that triggered the event (0: none, e.g. a library timer). */
  readonly pid: number;
  readonly process: string | null;
  readonly kind: string;
}

export class EventLog {
  /** Number of events processed so far. */
  count = 0;
  /** When true, every entry is also kept in `entries` (memory grows with the run). */
  record = false;
  readonly entries: EventLogEntry[] = [];
  private h1 = 0x243f6a88;
  private h2 = 0x85a308d3;

  /** @internal */
  _add(time: number, seq: number, by: Actor | null, kind: number): void {
    const pid = by === null ? 0 : by.id;
    const lo = time >>> 0;
    const hi = (time / 4294967296) >>> 0;
    let a = this.h1;
    a = Math.imul(a ^ lo, 0x9e3779b1);
    a = Math.imul(a ^ (a >>> 15) ^ hi, 0x85ebca6b);
    a = Math.imul(a ^ (a >>> 13) ^ seq, 0xc2b2ae35);
    a = Math.imul(a ^ (a >>> 16) ^ ((pid << 4) | kind), 0x27d4eb2f);
    a ^= a >>> 15;
    let b = this.h2;
    b = Math.imul(b ^ a, 0x165667b1);
    b = Math.imul(b ^ (b >>> 13) ^ lo, 0x85ebca77);
    b ^= b >>> 16;
    this.h1 = a;
    this.h2 = b;
    if (this.record) this.keep(time, seq, by, kind);
    this.count++;
  }

  private keep(time: number, seq: number, by: Actor | null, kind: number): void {
    this.entries.push({
      index: this.count,
      time,
      seq,
      pid: by === null ? 0 : by.id,
      process: by === null ? null : by.name,
      kind: KIND_NAMES[kind] ?? "event",
    });
  }

  /** 16 hex digits; equal for two runs iff (with overwhelming probability) their logs are equal. */
  hash(): string {
    return hex(this.h1) + hex(this.h2);
  }
}

function hex(x: number): string {
  return (x >>> 0).toString(16).padStart(8, "0");
}

export interface LogDifference {
  readonly index: number;
  /** Undefined when that log ended first. */
  readonly a: EventLogEntry | undefined;
  readonly b: EventLogEntry | undefined;
}

function sameEntry(a: EventLogEntry, b: EventLogEntry): boolean {
  return a.time === b.time && a.seq === b.seq && a.pid === b.pid && a.kind === b.kind && a.process === b.process;
}

/** The first position where two recorded logs differ, or null if they are identical. */
export function firstDifference(a: readonly EventLogEntry[], b: readonly EventLogEntry[]): LogDifference | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!sameEntry(a[i]!, b[i]!)) return { index: i, a: a[i], b: b[i] };
  if (a.length === b.length) return null;
  return { index: n, a: a[n], b: b[n] };
}

/** One line describing an entry, e.g. `#12 t=5000000ns seq=14 timeout by "client#3"`. */
export function describeEntry(entry: EventLogEntry | undefined): string {
  if (entry === undefined) return "(end of log)";
  const who = entry.process === null ? "no process" : JSON.stringify(entry.process);
  return `#${entry.index} t=${entry.time}ns seq=${entry.seq} ${entry.kind} by ${who}`;
}
