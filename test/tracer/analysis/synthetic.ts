// Synthetic event traces for analysis tests and benchmarks: a tiny recorder that follows the
// DAG + ITC discipline (each event does one ITC event on its thread's stamp and names its
// causal predecessors), so both reconstructions have something exact to agree on.
import seedrandom from "seedrandom";
import { event as itcEvent, encodeBase64url, forkMany, join as itcJoin, peek, seed as itcSeed } from "../../../tracer/itc/index.ts";
import type { Stamp } from "../../../tracer/itc/index.ts";
import type { Attributes, EventKind, Trace, TraceEvent } from "../../../tracer/model/types.ts";

/** One causal thread of execution inside a span. */
export interface Thread {
  stamp: Stamp;
  last: string | undefined;
  spanId: string;
  service: string;
  host: string;
  name: string;
  t: number;
}

export interface Message {
  readonly stamp: Stamp;
  readonly eventId: string;
  readonly t: number;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

export class Recorder {
  readonly events: TraceEvent[] = [];
  private nextEvent = 1;
  private nextSpan = 1;
  /** The span each span was started under, as the instrumented code knew it. */
  readonly parentOf = new Map<string, string>();
  private readonly itc: boolean;
  constructor(
    readonly traceId: string,
    options: { readonly itc?: boolean } = {},
  ) {
    this.itc = options.itc ?? true;
  }

  private newSpanId(): string {
    return hex(this.nextSpan++, 16);
  }

  record(th: Thread, kind: EventKind, name: string, extraParents: readonly string[] = [], attributes?: Attributes, stamp?: Stamp): TraceEvent {
    if (this.itc) th.stamp = itcEvent(stamp ?? th.stamp);
    const parents = [...(th.last === undefined ? [] : [th.last]), ...extraParents];
    const parentSpanId = kind === "start" ? this.parentOf.get(th.spanId) : undefined;
    const e: TraceEvent = {
      traceId: this.traceId,
      eventId: hex(this.nextEvent++, 16),
      kind,
      name,
      service: th.service,
      host: th.host,
      timestamp: th.t,
      spanId: th.spanId,
      parents,
      ...(this.itc ? { itc: encodeBase64url(th.stamp) } : {}),
      ...(attributes === undefined ? {} : { attributes }),
      ...(parentSpanId === undefined ? {} : { parentSpanId }),
    };
    this.events.push(e);
    th.last = e.eventId;
    return e;
  }

  root(service: string, host: string, name: string, t: number, attributes?: Attributes): Thread {
    const th: Thread = { stamp: itcSeed(), last: undefined, spanId: this.newSpanId(), service, host, name, t };
    this.record(th, "start", name, [], attributes);
    return th;
  }

  /** A child span on the same thread (in-process call). */
  child(th: Thread, name: string, attributes?: Attributes): Thread {
    const c: Thread = { ...th, spanId: this.newSpanId(), name };
    this.parentOf.set(c.spanId, th.spanId);
    this.record(c, "start", name, [], attributes);
    return c;
  }

  /** Ends a span; the caller's thread continues from it. */
  end(span: Thread, caller?: Thread, attributes?: Attributes): void {
    this.record(span, "end", span.name, [], attributes);
    if (caller) {
      caller.stamp = span.stamp;
      caller.last = span.last;
      caller.t = span.t;
    }
  }

  work(th: Thread, ns: number): void {
    th.t += ns;
  }

  annotate(th: Thread, name: string, attributes?: Attributes): void {
    this.record(th, "annotate", name, [], attributes);
  }

  /** Concurrent fan-out: a fork event, then n threads owning parts of the id. */
  fork(th: Thread, n: number): Thread[] {
    this.record(th, "fork", th.name);
    if (!this.itc) return Array.from({ length: n }, () => ({ ...th }));
    return forkMany(th.stamp, n).map((stamp) => ({ ...th, stamp }));
  }

  /** Fan-in: the threads' stamps joined, one join event with every thread's last event as parent. */
  join(th: Thread, branches: readonly Thread[]): void {
    let stamp = branches[0]!.stamp;
    if (this.itc) for (const b of branches.slice(1)) stamp = itcJoin(stamp, b.stamp);
    th.t = Math.max(...branches.map((b) => b.t));
    th.last = undefined;
    this.record(th, "join", th.name, branches.map((b) => b.last!), undefined, stamp);
  }

  /** Sends a request: the message carries half of the sender's id, so the receiver can record. */
  send(th: Thread, name: string, attributes?: Attributes): { message: Message; keep: Stamp } {
    const e = this.record(th, "send", name, [], attributes);
    const [keep, give] = this.itc ? (forkMany(th.stamp, 2) as [Stamp, Stamp]) : [th.stamp, th.stamp];
    th.stamp = keep;
    return { message: { stamp: give, eventId: e.eventId, t: th.t }, keep };
  }

  /** A server span started by a received request. */
  serve(message: Message, parentSpanId: string, service: string, host: string, name: string, networkNs: number, attributes?: Attributes): Thread {
    const th: Thread = { stamp: message.stamp, last: undefined, spanId: this.newSpanId(), service, host, name, t: message.t + networkNs };
    this.parentOf.set(th.spanId, parentSpanId);
    this.record(th, "start", name, [message.eventId], { "span.kind": "server", ...attributes });
    return th;
  }

  /** The reply, after the server span ended: it hands the server's id back to the caller. */
  reply(th: Thread): Message {
    const e = this.record(th, "send", th.name);
    return { stamp: th.stamp, eventId: e.eventId, t: th.t };
  }

  /** A one-way message (a cast): an anonymous copy of the sender's history. */
  cast(th: Thread, name: string): Message {
    const e = this.record(th, "send", name);
    return { stamp: peek(th.stamp), eventId: e.eventId, t: th.t };
  }

  recv(th: Thread, message: Message, networkNs: number): void {
    th.t = Math.max(th.t, message.t + networkNs);
    this.record(th, "recv", th.name, [message.eventId], undefined, this.itc ? itcJoin(th.stamp, message.stamp) : th.stamp);
  }

  trace(): Trace {
    return { traceId: this.traceId, events: this.events, spans: [] };
  }
}

/** A synchronous RPC from `caller`: client span, request, server span running `body`, reply. */
export function rpc(
  r: Recorder,
  caller: Thread,
  service: string,
  host: string,
  name: string,
  netNs: number,
  body: (server: Thread) => void,
): void {
  const client = r.child(caller, name, { "span.kind": "client" });
  const { message } = r.send(client, name);
  const server = r.serve(message, client.spanId, service, host, name, netNs);
  body(server);
  r.end(server);
  const back = r.reply(server);
  r.recv(client, back, netNs);
  r.end(client, caller);
}

export interface RandomTraceOptions {
  readonly seed: string;
  readonly traceId?: string;
  /** Stop adding calls once the trace has this many events. */
  readonly targetEvents: number;
  readonly maxFanOut?: number;
}

/** A random request: nested RPCs, in-process children, fan-out/fan-in groups and annotations. */
export function randomTrace(options: RandomTraceOptions): Trace {
  return randomRecording(options).trace();
}

/** The recorder behind `randomTrace`, which also knows each span's intended parent. */
export function randomRecording(options: RandomTraceOptions): Recorder {
  const rng = seedrandom.alea(`${options.seed}/synthetic`);
  const r = new Recorder(options.traceId ?? hex(Math.floor(rng() * 2 ** 32), 32));
  const services = ["horizon", "keystone", "nova-api", "glance", "neutron", "placement"];
  const maxFan = options.maxFanOut ?? 4;
  const budget = () => r.events.length < options.targetEvents;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const dur = () => 1000 + Math.floor(rng() * 100_000);
  const body = (th: Thread, depth: number): void => {
    const steps = 1 + Math.floor(rng() * 4);
    for (let s = 0; s < steps && budget(); s++) {
      r.work(th, dur());
      const roll = rng();
      if (roll < 0.35 && depth < 6) {
        const svc = pick(services);
        rpc(r, th, svc, `${svc}-host`, `call-${depth}-${s}`, dur(), (server) => body(server, depth + 1));
      } else if (roll < 0.6 && depth < 6) {
        const n = 2 + Math.floor(rng() * (maxFan - 1));
        const branches = r.fork(th, n);
        for (const b of branches) {
          const svc = pick(services);
          if (budget()) rpc(r, b, svc, `${svc}-host`, `fan-${depth}-${s}`, dur(), (server) => body(server, depth + 1));
          else r.work(b, dur());
        }
        r.join(th, branches);
      } else if (roll < 0.8) {
        const c = r.child(th, `local-${depth}-${s}`);
        r.work(c, dur());
        r.end(c, th);
      } else r.annotate(th, `note-${depth}-${s}`);
    }
  };
  const root = r.root("horizon", "horizon-host", "GET /project/instances", 1_000_000);
  body(root, 0);
  while (budget()) body(root, 0);
  r.end(root);
  return r;
}

/** The same trace with some events removed (lost in collection). */
export function dropEvents(trace: Trace, lost: ReadonlySet<string>): Trace {
  return { ...trace, events: trace.events.filter((e) => !lost.has(e.eventId)) };
}

// ---- hand-built events, as the talk draws them ----

/** The span ids of the talk's example (foo with children bar — which calls thud — and grunt). */
export const TALK_SPANS = { foo: "f000000000000001", bar: "b000000000000002", thud: "d000000000000003", grunt: "a000000000000004" };

/** (event id, kind, span, parent event ids, time, extra fields) */
export type EventRow = [string, EventKind, keyof typeof TALK_SPANS, string[], number, Partial<TraceEvent>?];

export function handBuilt(traceId: string, rows: readonly EventRow[]): TraceEvent[] {
  return rows.map(([id, kind, span, parents, timestamp, extra]) => ({
    traceId,
    eventId: id.padStart(16, "0"),
    kind,
    name: span,
    service: "app",
    host: "h1",
    timestamp,
    spanId: TALK_SPANS[span],
    parents: parents.map((p) => p.padStart(16, "0")),
    ...extra,
  }));
}

/** Pattern #1: bar and grunt run concurrently after a fork and are joined before foo ends. */
export const PATTERN_1: readonly EventRow[] = [
  ["1", "start", "foo", [], 0],
  ["2", "fork", "foo", ["1"], 1],
  ["3", "start", "bar", ["2"], 2],
  ["4", "start", "thud", ["3"], 3],
  ["5", "end", "thud", ["4"], 6],
  ["6", "end", "bar", ["5"], 7],
  ["7", "start", "grunt", ["2"], 2],
  ["8", "end", "grunt", ["7"], 5],
  ["9", "join", "foo", ["6", "8"], 8],
  ["a", "end", "foo", ["9"], 9],
];

/** Pattern #2: the same children, grunt only after bar has ended. */
export const PATTERN_2: readonly EventRow[] = [
  ["1", "start", "foo", [], 0],
  ["3", "start", "bar", ["1"], 2],
  ["4", "start", "thud", ["3"], 3],
  ["5", "end", "thud", ["4"], 6],
  ["6", "end", "bar", ["5"], 7],
  ["7", "start", "grunt", ["6"], 8],
  ["8", "end", "grunt", ["7"], 11],
  ["a", "end", "foo", ["8"], 12],
];
