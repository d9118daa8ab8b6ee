// One running instance of a service on a host: its process group, worker pool, latency stream,
// DB connection pool, RPC endpoints and tracer. The trace-point helpers live here so every
// service records spans the same way.
import { isSpan, NON_RECORDING_SPAN, noopTracer } from "../../tracer/index.ts";
import type { AttributeInput, Span, SpanContext, SpanKind, Tracer } from "../../tracer/index.ts";
import { Resource } from "../kernel/index.ts";
import type { SimEvent, Simulation, Stream, Undo } from "../kernel/index.ts";
import { ProcessGroup } from "../net/index.ts";
import type { Headers, Host, HttpExchange, HttpRequest, HttpServer } from "../net/index.ts";
import type { Broker, RpcClient, RpcServer } from "../rpc/index.ts";
import type { Cell } from "./cells.ts";
import type { Cloud } from "./cloud.ts";
import type { Operation } from "./operation.ts";
import { serveHttp } from "./serve.ts";
import { branchAfter } from "./tracing.ts";
import type { Parent, Propagation, TracingHandle } from "./tracing.ts";

export interface Route {
  readonly route: string;
  readonly op: Operation;
  /** Runs keystonemiddleware first. */
  readonly auth: boolean;
  readonly handler: HttpHandler;
}

export interface HandlerResponse {
  readonly status: number;
  readonly bodyBytes: number;
  readonly body?: unknown;
}

export type HttpHandler = (inst: ServiceInstance, req: HttpRequest, span: Span) => Generator<any, HandlerResponse, any>;

export class ServiceInstance implements HttpServer {
  readonly cloud: Cloud;
  readonly sim: Simulation;
  readonly service: string;
  readonly name: string;
  readonly host: Host;
  readonly group: ProcessGroup;
  readonly stream: Stream;
  /** Draws for this instance's background work (start phases, periodic-task jitter). */
  readonly backgroundStream: Stream;
  /** WSGI worker slots (processes × threads) of a service with HTTP routes; null otherwise. */
  workers: Resource | null;
  /** oslo.db connection pool of a service whose code queries the database; null otherwise. */
  dbPool: Resource | null;
  /** The instance's tracer: the no-op tracer when tracing is off. */
  readonly tracer: Tracer;
  /** Whether the instance has trace points at all (false: every span is the no-op span). */
  readonly traced: boolean;
  private readonly meter: TracingHandle | null;
  readonly propagation: Propagation;
  readonly routes = new Map<string, Route>();
  private readonly opCache = new Map<string, Operation>();
  /** Its client on its home message queue (nova services only). */
  rpc: RpcClient | null = null;
  /** Clients on other cells' queues (nova-api and super conductors in the multi-cell layout). */
  private readonly otherRpc: RpcClient[] = [];
  rpcServer: RpcServer | null = null;
  /** The cell a compute or a cell conductor belongs to; null for API-level services (and single-cell conductors). */
  cell: Cell | null = null;
  /** Requests served (HTTP) and refused by an injected error. */
  served = 0;

  constructor(cloud: Cloud, service: string, name: string, host: Host, workers: number, dbPool: number, tracing: TracingHandle | null) {
    this.cloud = cloud;
    this.sim = cloud.sim;
    this.service = service;
    this.name = name;
    this.host = host;
    this.group = new ProcessGroup(cloud.sim, name, host);
    this.stream = cloud.sim.rng.stream(`svc/${name}`);
    this.backgroundStream = cloud.sim.rng.stream(`background/${name}`);
    this.workers = workers > 0 ? new Resource(cloud.sim, { capacity: workers, name: `${name}.workers` }) : null;
    this.dbPool = dbPool > 0 ? new Resource(cloud.sim, { capacity: dbPool, name: `${name}.db_pool` }) : null;
    this.meter = tracing;
    this.tracer = tracing === null ? NOOP_TRACER : tracing.tracer;
    this.traced = tracing !== null;
    this.propagation = cloud.propagation;
  }

  /**
   * Drops the pools this instance's code never uses (called once its routes and RPC servers
   * are installed), so a limit fault cannot target a pool nothing waits on.
   */
  dropUnusedPools(queriesDatabase: boolean): void {
    if (this.routes.size === 0) this.workers = null;
    if (!queriesDatabase) this.dbPool = null;
  }

  /** The message queue this instance serves and calls on by default: its cell's, or the API queue. */
  get broker(): Broker {
    return this.cell === null ? this.cloud.broker : this.cell.broker;
  }

  /** @internal Adds a client on another cell's queue. */
  addRpcClient(client: RpcClient): void {
    this.otherRpc.push(client);
  }

  /** The client to publish on `broker` with (its home client when that is its home queue). */
  rpcVia(broker: Broker): RpcClient {
    const home = this.rpc!;
    if (home.broker === broker) return home;
    for (const c of this.otherRpc) if (c.broker === broker) return c;
    throw new Error(`${this.name} has no client on ${broker.name}`);
  }

  /** Kills this process (os-faults "kill"): connections to it are refused; the undo restarts it. */
  crash(): Undo {
    return this.group.crash();
  }

  /** Stops this process (SIGSTOP) until the undo (SIGCONT). */
  freeze(): Undo {
    return this.group.freeze();
  }

  accept(req: HttpRequest, exchange: HttpExchange): void {
    const route = this.routes.get(req.route);
    if (route === undefined) {
      exchange.respond({ status: 404, headers: {}, bodyBytes: 0 });
      return;
    }
    this.served++;
    this.group.spawn(serveHttp(this, route, req, exchange));
  }

  op(name: string): Operation {
    let op = this.opCache.get(name);
    if (op === undefined) {
      op = this.cloud.operation(this.service, name);
      this.opCache.set(name, op);
    }
    return op;
  }

  /** Tracing overhead accumulated since the last call (ns); 0 without tracing. */
  drain(): number {
    return this.meter === null ? 0 : this.meter.drainCostNs();
  }

  /** This instance's own work for one call of `op` (plus pending tracing overhead). */
  work(op: Operation, extraNs = 0): SimEvent<any> {
    return this.group.delay(op.cost(this) + extraNs + this.drain());
  }

  /** Pays pending tracing overhead, if any, as a delay; null when there is none. */
  overhead(): SimEvent<any> | null {
    const c = this.drain();
    return c > 0 ? this.group.delay(c) : null;
  }

  // ---- trace points ----

  /** A child span of `parent` (a root without one); start attributes only where a path needs them. */
  startSpan(name: string, parent: Parent | undefined, kind: SpanKind, attributes?: AttributeInput): Span {
    if (!this.traced) return NON_RECORDING_SPAN;
    return open(this.tracer, name, parent, kind, attributes, undefined, undefined);
  }

  /**
   * A server/consumer span continuing the context found in `headers` (a root if none).
   * `sinceNs` > 0 starts it that long ago: a message that waited in a queue for this server
   * is taken to have arrived then (the tracer's clock is this host's clock).
   */
  serverSpan(name: string, headers: Readonly<Headers>, kind: SpanKind, sinceNs = 0, attributes?: AttributeInput): Span {
    if (!this.traced) return NON_RECORDING_SPAN;
    const t = this.tracer;
    const parent = t.extract(headers, this.propagation);
    return open(t, name, parent, kind, attributes, headers, sinceNs > 0 ? this.host.clock.now() - sinceNs : undefined);
  }

  /**
   * Marks the end of a wait for a pool slot that lasted `ns` (> 0): an annotation whose
   * `queue.wait` tells the DAG critical path that the last `ns` before it were queueing.
   */
  dequeued(span: Span, pool: string, ns: number): void {
    if (this.traced) span.annotate(`${pool} acquired`, { "queue.wait": ns, "queue.pool": pool });
  }

  /**
   * Records a wait that just ended (`ns` long: a timeout that fired, a retry backoff) as a
   * child span of `parent` from the wait's start to now, whose start event carries
   * `wait: kind` so the DAG critical path labels the wait; `parent` joins it. Called only
   * when such a wait happened, so ordinary calls record nothing extra.
   */
  waited(parent: Span, name: string, kind: "timeout" | "retry", ns: number): void {
    if (!this.traced) return;
    const child = open(this.tracer, name, parent, "internal", { wait: kind, "wait.ns": ns }, undefined, this.host.clock.now() - ns);
    child.end();
    parent.join(child);
  }

  inject(span: Span | SpanContext, headers: Headers): void {
    if (this.traced) this.tracer.inject(span, headers, this.propagation);
  }

  /** Folds the context a reply carried back into `span` (the callee's last event becomes a parent). */
  joinReply(span: Span, headers: Readonly<Headers>): void {
    if (!this.traced) return;
    const ctx = this.tracer.extract(headers, this.propagation);
    if (ctx !== undefined) span.join(ctx);
  }

  /**
   * Ends a child span and threads its parent: a live parent span joins it (sequential steps);
   * a branch context advances past it. Returns the branch's context after the child (null
   * when there is no branch to thread: a live parent, or tracing off).
   */
  finish(child: Span, parent: Parent | undefined, failed = false, message?: string): SpanContext | null {
    if (!this.traced) return null;
    if (failed) child.setStatus("error", message);
    child.end();
    if (parent === undefined) return child.context();
    if (isSpan(parent)) {
      parent.join(child);
      return null;
    }
    return branchAfter(parent, child);
  }
}

const NOOP_TRACER = noopTracer();

/**
 * Every trace point passes the tracer options in one shape (absent ones undefined), so the
 * tracer reads one object shape here rather than one per call site (seven of them).
 */
function open(
  tracer: Tracer,
  name: string,
  parent: Span | SpanContext | undefined,
  kind: SpanKind,
  attributes: AttributeInput | undefined,
  headers: Readonly<Headers> | undefined,
  startTime: number | undefined,
): Span {
  return tracer.startSpan(name, { parent, kind, attributes, headers, startTime });
}
