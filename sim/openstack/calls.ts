// Trace points on the client side of every interaction, where OSProfiler puts them: an HTTP
// call to another service, an RPC call or cast, plus the fan-out/fan-in helper. Each starts a
// client/producer span under its parent, injects the context into the outgoing headers, and
// threads the parent on return (see ServiceInstance.finish).
import type { Span, SpanContext } from "../../tracer/index.ts";
import { NON_RECORDING_SPAN } from "../../tracer/index.ts";
import { httpExchange, retryBackoffNs } from "../net/index.ts";
import type { Headers, HttpResponse } from "../net/index.ts";
import { MessagingTimeout } from "../rpc/index.ts";
import type { Broker, CallOptions as RpcCallOptions, RpcResult, Target } from "../rpc/index.ts";
import type { ServiceInstance } from "./instance.ts";
import type { Parent } from "./tracing.ts";
import { httpClientAttributes, rpcSendAttributes } from "./semconv.ts";

/** The outcome of one step, and the branch context after it (null outside a fan-out branch, or untraced). */
export interface Step {
  readonly ok: boolean;
  readonly ctx: SpanContext | null;
}

export interface HttpStep extends Step {
  readonly resp: HttpResponse;
}

export interface HttpCallOptions {
  readonly token?: string;
  readonly bodyBytes?: number;
  readonly body?: unknown;
  readonly headers?: Headers;
  readonly timeoutNs?: number;
  readonly retries?: number;
}

/** An HTTP call from `inst` to a load-balanced instance of `service`. */
export function* httpCall(
  inst: ServiceInstance,
  parent: Parent | undefined,
  service: string,
  method: string,
  path: string,
  route: string,
  options: HttpCallOptions = {},
): Generator<any, HttpStep, any> {
  const cloud = inst.cloud;
  const sim = inst.sim;
  const span = inst.startSpan(route, parent, "client", inst.traced ? httpClientAttributes(service, method, path, route) : undefined);
  let headers: Headers = options.headers === undefined ? {} : { ...options.headers };
  if (options.token !== undefined) headers["x-auth-token"] = options.token;
  inst.inject(span, headers);
  const timeoutNs = options.timeoutNs ?? cloud.topology.http.timeoutNs;
  const retries = options.retries ?? cloud.topology.http.retries;
  const picker = cloud.picker(service);
  // The instance the last attempt connected to: OpenTelemetry's `network.peer.address` (the
  // peer of the connection, where `server.address` is the name the client dialled).
  let peer: ServiceInstance | undefined;
  const pick = inst.traced ? () => (peer = picker()) : picker;
  let resp: HttpResponse;
  // keystoneauth's retry loop, here rather than in the transport so each wait can be marked:
  // a timed-out attempt as a `timeout` wait, the backoff after a failure as a `retry` wait.
  for (let attempt = 0; ; attempt++) {
    const sent = sim.now;
    resp = yield* httpExchange(
      cloud.net,
      inst.host,
      pick,
      { method, path, route, headers, bodyBytes: options.bodyBytes ?? 0, body: options.body },
      timeoutNs,
      0,
      attempt === 0 ? inst.drain() : 0,
    );
    if (resp.status === 0 && resp.error === "timeout") inst.waited(span, "timeout", "timeout", sim.now - sent);
    if (resp.status !== 0 || attempt >= retries) break;
    const backoff = retryBackoffNs(attempt);
    yield sim.timeout(backoff);
    if (inst.traced) {
      inst.waited(span, "retry backoff", "retry", backoff);
      // The next attempt carries the context after the waits, so the path runs through them.
      headers = { ...headers };
      inst.inject(span, headers);
    }
  }
  inst.joinReply(span, resp.headers);
  const ok = resp.status >= 200 && resp.status < 400;
  if (resp.status !== 0) span.setAttribute("http.response.status_code", resp.status);
  if (peer !== undefined) span.setAttribute("network.peer.address", peer.host.name);
  const ctx = inst.finish(span, parent, !ok, resp.error ?? (ok ? undefined : `HTTP ${resp.status}`));
  return { ok, ctx, resp };
}

export interface RpcStep extends Step {
  readonly result: RpcResult;
}

/** An RPC call: blocks for the reply (or MessagingTimeout). `via`: another cell's queue than the caller's own. */
export function* rpcCall(
  inst: ServiceInstance,
  parent: Parent | undefined,
  target: Target,
  method: string,
  args: unknown,
  options: RpcCallOptions = {},
  via?: Broker,
): Generator<any, RpcStep, any> {
  const client = via === undefined ? inst.rpc! : inst.rpcVia(via);
  const span = inst.traced
    ? inst.startSpan(`rpc.call ${target.topic}.${method}`, parent, "client", rpcSendAttributes(target.topic, target.server, false, method, client.broker.host.name))
    : NON_RECORDING_SPAN;
  const context: Headers = {};
  inst.inject(span, context);
  const pay = inst.overhead();
  if (pay !== null) yield pay;
  const sent = inst.sim.now;
  const result: RpcResult = yield* client.call(target, method, args, context, options);
  // No reply (MessagingTimeout, or the call monitor heard no heartbeat): the wait was a timeout.
  if (!result.ok && result.error instanceof MessagingTimeout) inst.waited(span, "timeout", "timeout", inst.sim.now - sent);
  inst.joinReply(span, result.context);
  const ctx = inst.finish(span, parent, !result.ok, result.ok ? undefined : `${result.error.name}: ${result.error.message}`);
  return { ok: result.ok, ctx, result };
}

/** An RPC cast: returns once published (blocking while the broker is unreachable). `via`: another cell's queue than the caller's own. */
export function* rpcCast(inst: ServiceInstance, parent: Parent | undefined, target: Target, method: string, args: unknown, via?: Broker): Generator<any, Step, any> {
  const client = via === undefined ? inst.rpc! : inst.rpcVia(via);
  const span = inst.traced
    ? inst.startSpan(`rpc.cast ${target.topic}.${method}`, parent, "producer", rpcSendAttributes(target.topic, target.server, target.fanout === true, method, client.broker.host.name))
    : NON_RECORDING_SPAN;
  const context: Headers = {};
  inst.inject(span, context);
  const pay = inst.overhead();
  if (pay !== null) yield pay;
  yield* client.cast(target, method, args, context);
  const ctx = inst.finish(span, parent);
  return { ok: true, ctx };
}

export type Branch = (ctx: Parent) => Generator<any, Step, any>;

/**
 * Concurrent fan-out then fan-in: each branch runs as its own process with its own context
 * (`span.fork`), and the span joins every branch's last context when all are done.
 */
export function* fanout(inst: ServiceInstance, span: Span, branches: readonly Branch[]): Generator<any, Step[], any> {
  const n = branches.length;
  // Untraced, every branch descends from the no-op span itself: no contexts to hand out or join.
  const ctxs = inst.traced ? span.fork(n) : null;
  const procs = new Array(n);
  for (let i = 0; i < n; i++) procs[i] = inst.group.spawn(branches[i]!(ctxs === null ? span : ctxs[i]!));
  const results = (yield inst.sim.all(procs)) as Step[];
  if (inst.traced) {
    const joined: SpanContext[] = [];
    for (const r of results) if (r.ctx !== null) joined.push(r.ctx);
    if (joined.length > 0) span.join(joined);
  }
  return results;
}

/** All steps succeeded. */
export function allOk(steps: readonly Step[]): boolean {
  for (const s of steps) if (!s.ok) return false;
  return true;
}

export type { Span };
