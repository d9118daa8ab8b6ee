// What one trace says about each part of the system: every span's own time (its duration
// less its children's), charged to the unit of the system that spent it, and the places
// where its errors started.
//
// Waiting is charged to what was waited on:
//  - a server's (or consumer's, or internal span's) own time is its work, less the time it
//    says it queued for a pool slot (`queue.wait`), which is that pool's;
//  - a client span with `peer.service` (a database, a cache) has no server span: its own time
//    is the dependency's;
//  - any other client span's own time (outside its server child) is the call's transit: the
//    network, or the broker and its queue for RPC; so is the gap between a producer (an RPC
//    cast) and its consumer;
//  - a `timeout` or `retry` child of a call is that call's waiting, under that kind.
// A failed span with no failed descendant is where an error started, charged the same way
// (not a call its server refused with a client error: that is nobody's failure);
// unless below it a message was sent that nobody received: that send is where it started. A
// message nobody received counts as lost where it was sent, a call that timed out waiting for
// its answer too.
// A span that went on waiting after a message below it was lost, or after an error in the
// asynchronous work it set off, idled for that message or that error: the idle time is theirs.
import type { SpanRecord } from "../../model/types.ts";

/** What kind of part a unit is. */
export type UnitKind = "work" | "queue" | "call" | "dependency";

/** How the time charged to a unit was spent. */
export type TimeKind = "work" | "queue" | "network" | "timeout" | "retry";
export const TIME_KINDS: readonly TimeKind[] = ["work", "queue", "network", "timeout", "retry"];

/**
 * The smallest part of the system a trace can tell apart. `service`/`host` are where the time
 * was spent: the span's own for work and queueing; the callee's for a call (empty when a
 * failed call never reached it); the dependency's for a dependency (host empty unless the
 * span names its `server.address`).
 */
export interface UnitInfo {
  readonly key: string;
  readonly kind: UnitKind;
  readonly service: string;
  /** Work: the span's name; queue: the pool; call and dependency: the client span's name. */
  readonly operation: string;
  readonly host: string;
  /** Call and dependency: the caller's service and host. */
  readonly fromService?: string;
  readonly from?: string;
  /** A call through a broker: its destination (queue or topic), and the broker's host when known. */
  readonly via?: string;
  readonly broker?: string;
  /** The broker's messaging system ("rabbitmq"): a dependency every call through it crosses. */
  readonly system?: string;
  /** A direct call (HTTP): the name the caller dialled (`server.address`), a service's endpoint. */
  readonly endpoint?: string;
  /**
   * A direct call that no server took and that timed out: it was not even refused (a live host
   * with nothing listening refuses a connection at once), so the way there or the host was gone,
   * not only the process that should have answered.
   */
  readonly silent?: true;
}

export type UnitCatalog = Map<string, UnitInfo>;

/** One unit's share of one trace. */
export interface UnitSample {
  /** Own time charged to the unit, ns, in total and by kind. */
  time: number;
  readonly byKind: number[];
  /** Spans (or transits) charged to it. */
  count: number;
  /** Messages sent through it that no consumer or server took (lost, or left in a queue nobody read). */
  lost: number;
}

export interface TraceEvidence {
  readonly units: ReadonlyMap<string, UnitSample>;
  /** Units where errors started (each once). */
  readonly errors: readonly string[];
}

// Attribute names: OpenTelemetry's semantic conventions.
const PEER_SERVICE = "peer.service";
const SERVER_ADDRESS = "server.address";
const PEER_ADDRESS = "network.peer.address";
const DESTINATION = "messaging.destination.name";
const SUBSCRIPTION = "messaging.destination.subscription.name";
const ROUTING_KEY = "messaging.rabbitmq.destination.routing_key";
const MESSAGING_SYSTEM = "messaging.system";
const DB_SYSTEM = "db.system";
const CODE_FUNCTION = "code.function.name";
const QUEUE_WAIT = "queue.wait";
const HTTP_STATUS = "http.response.status_code";
const QUEUE_POOL = "queue.pool";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/**
 * A server span's operation: the function it runs when it names one (`code.function.name`,
 * without its service's prefix), else its name.
 */
export function operationOf(s: SpanRecord): string {
  const fn = str(s.attributes[CODE_FUNCTION]);
  if (fn === undefined) return s.name;
  return fn.startsWith(`${s.service}.`) ? fn.slice(s.service.length + 1) : fn;
}

/** The wait a span stands for, when it is a call's `timeout` or `retry` child. */
function waitKind(s: SpanRecord): TimeKind | undefined {
  const w = s.attributes["wait"];
  if (w === "timeout" || w === "retry") return w;
  const name = s.name.toLowerCase();
  if (name.startsWith("timeout")) return "timeout";
  if (name.startsWith("retry") || name.startsWith("backoff")) return "retry";
  return undefined;
}

const isCallee = (s: SpanRecord): boolean => s.kind === "server" || s.kind === "consumer";

/**
 * A call its server answered, without failing, with a client error (HTTP 4xx: a server show of
 * a server deleted meanwhile, a poll that waits for the 404 of a deleted one). OpenTelemetry
 * marks the client span failed, but no part of the system failed: it is nobody's error.
 */
const refused = (s: SpanRecord, callee: SpanRecord | undefined): boolean => {
  const status = s.attributes[HTTP_STATUS];
  return s.kind === "client" && typeof status === "number" && status >= 400 && status < 500 && callee !== undefined && callee.status.code !== "error";
};

/** Whether a span's attributes say it calls a traced service over HTTP or RPC. */
function namesProtocol(s: SpanRecord): boolean {
  for (const k in s.attributes) if (k.startsWith("http.") || k.startsWith("rpc.") || k.startsWith("messaging.") || k.startsWith("url.")) return true;
  return false;
}

/**
 * A client span whose server records no spans of its own: a database or a cache (it names
 * `db.system`, or `peer.service` without speaking HTTP or RPC).
 */
const isDependency = (s: SpanRecord, hasCallee: boolean): boolean =>
  s.kind === "client" && !hasCallee && (str(s.attributes[DB_SYSTEM]) !== undefined || (str(s.attributes[PEER_SERVICE]) !== undefined && !namesProtocol(s)));

/** Length of [start, end] not covered by the intervals (which are clipped to it; sorted in place). */
export function uncovered(start: number, end: number, intervals: [number, number][]): number {
  if (!(end > start)) return 0;
  if (intervals.length === 0) return end - start;
  intervals.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let covered = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const [s0, e0] of intervals) {
    const s = Math.max(start, s0);
    const e = Math.min(end, e0);
    if (!(e > s)) continue;
    if (Number.isNaN(curStart) || s > curEnd) {
      if (!Number.isNaN(curStart)) covered += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  if (!Number.isNaN(curStart)) covered += curEnd - curStart;
  return end - start - covered;
}

/** Σ of `queue.wait` a span says it spent waiting for a pool slot, and the pool's name. */
function queued(s: SpanRecord): { ns: number; pool: string } {
  let ns = 0;
  let pool = str(s.attributes[QUEUE_POOL]);
  const own = s.attributes[QUEUE_WAIT];
  if (typeof own === "number" && own > 0) ns += own;
  for (const log of s.logs) {
    const q = log.attributes[QUEUE_WAIT];
    if (typeof q === "number" && q > 0) {
      ns += q;
      pool ??= str(log.attributes[QUEUE_POOL]);
    }
  }
  return { ns, pool: pool ?? "pool" };
}

/** What went wrong below a span (lost messages' units, or failed spans), and when it first did. */
interface WrongBelow {
  readonly items: string[];
  at: number;
}

function shifted(s: SpanRecord, shifts: ReadonlyMap<string, number>): SpanRecord {
  const by = shifts.get(s.host);
  return by === undefined ? s : { ...s, start: s.start - by, end: s.end - by };
}

export class EvidenceBuilder {
  constructor(readonly catalog: UnitCatalog = new Map()) {}

  private unit(info: Omit<UnitInfo, "key">): string {
    const key = [info.kind, info.service, info.operation, info.host, info.fromService ?? "", info.from ?? "", info.via ?? "", info.broker ?? "", info.system ?? "", info.endpoint ?? "", info.silent ? "silent" : ""].join("\u0000");
    if (!this.catalog.has(key)) this.catalog.set(key, { key, ...info });
    return key;
  }

  /** The call unit of a client or producer span, given the callee span it reached (if any) and whether it timed out. */
  private callUnit(call: SpanRecord, callee: SpanRecord | undefined, timedOut = false): string {
    // The queue a message went through: the one its consumer read it from, else the routing key
    // it was published with, else the exchange (OpenTelemetry's RabbitMQ attributes).
    const via =
      (callee === undefined ? undefined : str(callee.attributes[SUBSCRIPTION])) ?? str(call.attributes[ROUTING_KEY]) ?? str(call.attributes[DESTINATION]);
    const system = str(call.attributes[MESSAGING_SYSTEM]);
    const broker = via !== undefined || system !== undefined ? str(call.attributes[SERVER_ADDRESS]) : undefined;
    // Without the callee's span, its host is the peer the caller connected to when the span
    // names it (`network.peer.address`); `server.address` names the endpoint it dialled (a
    // service's virtual address behind a load balancer), not a machine.
    const endpoint = broker === undefined ? str(call.attributes[SERVER_ADDRESS]) : undefined;
    return this.unit({
      kind: "call",
      service: callee?.service ?? str(call.attributes[PEER_SERVICE]) ?? str(call.attributes["rpc.service"]) ?? "",
      operation: call.name,
      host: callee?.host ?? str(call.attributes[PEER_ADDRESS]) ?? "",
      fromService: call.service,
      from: call.host,
      ...(via === undefined ? {} : { via }),
      ...(broker === undefined ? {} : { broker }),
      ...(system === undefined ? {} : { system }),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(callee === undefined && broker === undefined && timedOut ? { silent: true as const } : {}),
    });
  }

  private dependencyUnit(s: SpanRecord): string {
    const server = str(s.attributes[SERVER_ADDRESS]);
    const service = str(s.attributes[PEER_SERVICE]) ?? str(s.attributes[DB_SYSTEM])!;
    return this.unit({ kind: "dependency", service, operation: s.name, host: server ?? "", fromService: s.service, from: s.host });
  }

  private workUnit(s: SpanRecord): string {
    return this.unit({ kind: "work", service: s.service, operation: operationOf(s), host: s.host });
  }

  private queueUnit(s: SpanRecord, pool: string): string {
    return this.unit({ kind: "queue", service: s.service, operation: pool, host: s.host });
  }

  /**
   * The evidence of one trace's spans; `shifts` (ns by host) are taken off each host's
   * timestamps first, for clocks known to have moved.
   */
  evidence(spans: readonly SpanRecord[], shifts?: ReadonlyMap<string, number>): TraceEvidence {
    if (shifts !== undefined && shifts.size > 0) spans = spans.map((s) => shifted(s, shifts));
    const byId = new Map<string, SpanRecord>();
    for (const s of spans) byId.set(s.spanId, s);
    const children = new Map<string, SpanRecord[]>();
    for (const s of spans) {
      if (s.parentSpanId === undefined || !byId.has(s.parentSpanId)) continue;
      const list = children.get(s.parentSpanId);
      if (list) list.push(s);
      else children.set(s.parentSpanId, [s]);
    }
    const units = new Map<string, UnitSample>();
    const add = (key: string, kind: TimeKind, ns: number, count: number) => {
      let u = units.get(key);
      if (u === undefined) units.set(key, (u = { time: 0, byKind: [0, 0, 0, 0, 0], count: 0, lost: 0 }));
      const t = ns > 0 ? ns : 0;
      u.time += t;
      u.byKind[TIME_KINDS.indexOf(kind)]! += t;
      u.count += count;
    };
    const calleeOf = (s: SpanRecord): SpanRecord | undefined => children.get(s.spanId)?.find(isCallee);
    const timedOut = (s: SpanRecord): boolean => children.get(s.spanId)?.some((k) => waitKind(k) === "timeout") ?? false;
    // The intervals of every span below one (its subtree, the span itself excepted), walked without recursion.
    const belowOf = new Map<string, [number, number][]>();
    const below = (root: SpanRecord): [number, number][] => {
      const cached = belowOf.get(root.spanId);
      if (cached !== undefined) return cached;
      const out: [number, number][] = [];
      const stack = [...(children.get(root.spanId) ?? [])];
      const seen = new Set<string>([root.spanId]);
      while (stack.length > 0) {
        const k = stack.pop()!;
        if (seen.has(k.spanId)) continue;
        seen.add(k.spanId);
        // A message is on its way until its consumer takes it: the gap is its transit (charged
        // to the producer's call below), not idle time of the spans above it.
        const consumer = k.kind === "producer" ? calleeOf(k) : undefined;
        out.push([k.start, consumer === undefined ? k.end : Math.max(k.end, consumer.start)]);
        for (const g of children.get(k.spanId) ?? []) stack.push(g);
      }
      belowOf.set(root.spanId, out);
      return out;
    };
    const unitOf = new Map<string, string>();
    // The spans above one, nearest first (a parent missing from the trace ends the walk).
    const ancestors = function* (s: SpanRecord): Generator<SpanRecord> {
      const seen = new Set<string>([s.spanId]);
      for (let p = s.parentSpanId === undefined ? undefined : byId.get(s.parentSpanId); p !== undefined && !seen.has(p.spanId); p = p.parentSpanId === undefined ? undefined : byId.get(p.parentSpanId)) {
        seen.add(p.spanId);
        yield p;
      }
    };
    // What went wrong below a span, and when it first did.
    const mark = (below: Map<string, WrongBelow>, above: SpanRecord, item: string, at: number) => {
      let b = below.get(above.spanId);
      if (b === undefined) below.set(above.spanId, (b = { items: [], at }));
      if (!b.items.includes(item)) b.items.push(item);
      b.at = Math.min(b.at, at);
    };
    // Messages sent that no consumer or server took (lost, or left in a queue nobody read): each
    // counts as lost where it was sent, a call that timed out too. For each span above one whose
    // sender did not give up on it (a call that timed out holds its own wait), the units of
    // those below it and when the first was sent.
    const lostBelow = new Map<string, WrongBelow>();
    const isLost = (s: SpanRecord, callee: SpanRecord | undefined) =>
      (s.kind === "producer" || s.kind === "client") && str(s.attributes[MESSAGING_SYSTEM]) !== undefined && callee === undefined;
    for (const s of spans) {
      if (s.status.code === "error" || !isLost(s, calleeOf(s))) continue;
      const unit = this.callUnit(s, undefined);
      for (const a of ancestors(s)) mark(lostBelow, a, unit, s.end);
    }
    // A failed span below which nothing failed: in a request's asynchronous part too (a server
    // create fails on the client because a conductor's call timed out; the client's polls
    // succeeded, but its request holds the failed call).
    const failedBelow = new Set<string>();
    for (const s of spans) {
      if (s.status.code !== "error") continue;
      for (const a of ancestors(s)) {
        if (failedBelow.has(a.spanId)) break;
        failedBelow.add(a.spanId);
      }
    }
    // Where errors started (a failed span that nothing below it explains, and not a call its
    // server refused), and for each span above one across a message (the asynchronous work it
    // set off, which it does not wait on directly), those below it and when the first ended.
    const isOrigin = (s: SpanRecord) => s.status.code === "error" && !failedBelow.has(s.spanId) && !refused(s, calleeOf(s));
    const originBelow = new Map<string, WrongBelow>();
    for (const s of spans) {
      if (!isOrigin(s)) continue;
      let across = s.kind === "consumer";
      for (const a of ancestors(s)) {
        if (across) mark(originBelow, a, s.spanId, s.end);
        if (a.kind === "consumer") across = true;
      }
    }
    // Idle time of spans that went on waiting after an error below them, by the failed spans.
    const idleAfter: { readonly spans: readonly string[]; readonly ns: number }[] = [];
    for (const s of spans) {
      const kids = children.get(s.spanId) ?? [];
      const parent = s.parentSpanId === undefined ? undefined : byId.get(s.parentSpanId);
      const wait = waitKind(s);
      if (wait !== undefined && parent !== undefined && (parent.kind === "client" || parent.kind === "producer")) {
        // A call's timeout or backoff: the call's waiting.
        const key = this.callUnit(parent, calleeOf(parent), timedOut(parent));
        unitOf.set(s.spanId, key);
        add(key, wait, uncovered(s.start, s.end, kids.map((k) => [k.start, k.end])), 0);
        continue;
      }
      const own = uncovered(s.start, s.end, kids.map((k) => [k.start, k.end]));
      const callee = kids.find(isCallee);
      if (isDependency(s, callee !== undefined)) {
        const key = this.dependencyUnit(s);
        unitOf.set(s.spanId, key);
        const q = queued(s);
        if (q.ns > 0) add(this.queueUnit(s, q.pool), "queue", Math.min(own, q.ns), 1);
        add(key, "work", own - Math.min(own, q.ns), 1);
        continue;
      }
      if (s.kind === "client" || s.kind === "producer") {
        const key = this.callUnit(s, callee, timedOut(s));
        unitOf.set(s.spanId, key);
        // Fire and forget: a producer's transit also holds the gap before its consumer starts.
        const gap = s.kind === "producer" && callee !== undefined ? Math.max(0, callee.start - s.end) : 0;
        add(key, "network", own + gap, 1);
        if (isLost(s, callee)) units.get(key)!.lost++;
        continue;
      }
      const key = this.workUnit(s);
      unitOf.set(s.spanId, key);
      // A span's own work is its time when nothing below it runs: a client polling for a server
      // create, or a consumer's caller, waits while the asynchronous part works (charged there).
      let work = uncovered(s.start, s.end, below(s));
      // Once something below it went wrong (a message was lost; an error in the asynchronous
      // work it set off: a compute that never heard its port was plugged because the event's
      // delivery failed), a span that went on waiting (the request's root, or a span that made
      // calls after: a client polling) idled for it.
      const lost = lostBelow.get(s.spanId);
      const wrong = lost ?? originBelow.get(s.spanId);
      if (wrong !== undefined && wrong.at < s.end && (parent === undefined || kids.some((k) => k.start >= wrong.at))) {
        const waited = work - uncovered(s.start, Math.max(s.start, wrong.at), below(s));
        work -= waited;
        if (lost !== undefined) for (const unit of lost.items) add(unit, "network", waited / lost.items.length, 0);
        else idleAfter.push({ spans: wrong.items, ns: waited });
      }
      const q = queued(s);
      if (q.ns > 0) add(this.queueUnit(s, q.pool), "queue", Math.min(work, q.ns), 1);
      add(key, "work", work - Math.min(work, q.ns), 1);
    }
    for (const idle of idleAfter) {
      for (const id of idle.spans) {
        const unit = unitOf.get(id)!;
        add(unit, this.catalog.get(unit)!.kind === "call" ? "network" : "work", idle.ns / idle.spans.length, 0);
      }
    }
    // A failed span that nothing below explains, but below which a message was lost: the error
    // started where the message went, not in the span that gave up waiting (a client polling
    // for a server that is never built).
    const errors = new Set<string>();
    for (const s of spans) {
      if (!isOrigin(s)) continue;
      const lost = lostBelow.get(s.spanId);
      if (lost === undefined) errors.add(unitOf.get(s.spanId)!);
      else for (const key of lost.items) errors.add(key);
    }
    return { units, errors: [...errors].sort() };
  }
}
