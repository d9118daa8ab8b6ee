// The server side of the two transports, shared by every service: a WSGI-like HTTP pipeline
// (worker slot, server span, injected errors, keystonemiddleware, handler, reply context) and
// the RPC dispatcher (consumer/server span, handler, reply context).
import { Interrupt } from "../kernel/index.ts";
import type { HttpExchange, HttpRequest, Headers } from "../net/index.ts";
import type { HandlerResult, RpcMessage } from "../rpc/index.ts";
import type { Span } from "../../tracer/index.ts";
import type { HandlerResponse, Route, ServiceInstance } from "./instance.ts";
import { authenticate } from "./middleware.ts";
import { httpServerAttributes, rpcProcessAttributes } from "./semconv.ts";
import { enter } from "./truth.ts";
import type { Operation } from "./operation.ts";

const EMPTY: Headers = Object.freeze({}) as Headers;

/** The operation a server span runs, as OpenTelemetry's semantic conventions name a function. */
const CODE_FUNCTION = "code.function.name";

export function* serveHttp(inst: ServiceInstance, route: Route, req: HttpRequest, ex: HttpExchange): Generator<any, void, any> {
  enter(inst.sim, inst.service, route.op.key);
  try {
    // A stopped (frozen) process reads nothing and records nothing until it is resumed.
    if (inst.group.frozen) yield inst.group.delay(0);
    const pool = inst.workers;
    const slot = pool === null ? null : pool.request();
    // The span starts on arrival, so a wait for a worker is this server's time, marked as queueing.
    const span: Span = inst.serverSpan(route.route, req.headers, "server", 0, inst.traced ? httpServerAttributes(route.route, req.path) : undefined);
    span.setAttribute(CODE_FUNCTION, route.op.key);
    if (slot !== null && !slot.triggered) {
      const since = inst.sim.now;
      yield slot;
      inst.dequeued(span, "workers", inst.sim.now - since);
    }
    let r: HandlerResponse;
    try {
      const injected = route.op.failure(inst);
      if (injected !== null) {
        r = { status: 500, bodyBytes: 200, body: injected };
      } else {
        const denied = route.auth ? yield* authenticate(inst, req, span) : 0;
        r = denied !== 0 ? { status: denied, bodyBytes: 200 } : yield* route.handler(inst, req, span);
      }
    } finally {
      if (slot !== null) pool!.release(slot);
    }
    let headers = EMPTY;
    if (inst.traced) {
      span.setAttribute("http.response.status_code", r.status);
      if (r.status >= 500) span.setStatus("error", typeof r.body === "string" ? r.body : `HTTP ${r.status}`);
      span.end();
      headers = {};
      inst.inject(span, headers);
    }
    ex.respond({ status: r.status, headers, bodyBytes: r.bodyBytes, body: r.body }, inst.drain());
  } catch (e) {
    if (e instanceof Interrupt) {
      ex.reset();
      throw e;
    }
    inst.cloud.counters.internalErrors++;
    ex.respond({ status: 500, headers: EMPTY, bodyBytes: 200, body: e instanceof Error ? e.message : String(e) });
  }
}

export type RpcMethod = (inst: ServiceInstance, msg: RpcMessage, span: Span) => Generator<any, HandlerResult, any>;

export interface RpcEndpoint {
  readonly op: Operation;
  readonly handler: RpcMethod;
}

/** Wraps a service's RPC methods into the handler an RpcServer dispatches to. */
export function rpcDispatcher(inst: ServiceInstance, topic: string, methods: ReadonlyMap<string, RpcEndpoint>) {
  return function* dispatch(msg: RpcMessage, queuedNs: number, queue: string): Generator<any, HandlerResult, any> {
    const m = methods.get(msg.method);
    if (m === undefined) return { ok: false, error: `NoSuchMethod: ${msg.method}` };
    enter(inst.sim, inst.service, m.op.key);
    if (inst.group.frozen) yield inst.group.delay(0);
    const isCall = msg.replyTo !== null;
    // A message that waited in its queue for an executor slot: the span covers the wait, marked as queueing.
    const attributes = inst.traced ? rpcProcessAttributes(topic, queue, msg.method) : undefined;
    const span = inst.serverSpan(`rpc.${isCall ? "handle" : "consume"} ${msg.method}`, msg.context, isCall ? "server" : "consumer", queuedNs, attributes);
    span.setAttribute(CODE_FUNCTION, m.op.key);
    if (queuedNs > 0) inst.dequeued(span, "executor", queuedNs);
    const injected = m.op.failure(inst);
    const res: HandlerResult = injected !== null ? { ok: false, error: injected } : yield* m.handler(inst, msg, span);
    const pay = inst.overhead();
    if (pay !== null) yield pay;
    if (!inst.traced) return res;
    if (!res.ok) span.setStatus("error", res.error);
    span.end();
    if (!isCall) return res;
    const context: Headers = {};
    inst.inject(span, context);
    return { ok: res.ok, value: res.value, error: res.error, context, bytes: res.bytes };
  };
}
