// The MySQL-like database: a host-resident server with a bounded number of concurrently running
// queries, reached over the network through each service's oslo.db connection pool. The trace
// point is on the client side (OSProfiler traces DB API calls in the calling service).
//
// A query that fails at the server (an injected error on mysql.<kind>) fails the caller's db.*
// span: oslo.db raises DBError (oslo_db/exception.py) in the calling service, which an API
// answers with HTTP 500 (nova/api/openstack/wsgi.py expected_errors: an unexpected exception
// becomes HTTPInternalServerError) and an RPC server returns to its caller as a RemoteError.
import { NON_RECORDING_SPAN } from "../../tracer/index.ts";
import type { Span } from "../../tracer/index.ts";
import { Resource } from "../kernel/index.ts";
import type { ServiceInstance } from "./instance.ts";
import type { Operation } from "./operation.ts";
import type { Parent } from "./tracing.ts";
import type { Step } from "./calls.ts";
import { dbAttributes } from "./semconv.ts";

export type QueryKind = "select" | "insert" | "update" | "delete";

const QUERY_BYTES = 400;
const ROW_BYTES = 2_000;

export class Database {
  readonly inst: ServiceInstance;
  readonly threads: Resource;
  private readonly ops: Record<QueryKind, Operation>;
  private readonly connectTimeoutNs: number;
  queries = 0;
  failures = 0;

  constructor(inst: ServiceInstance, threads: number, connectTimeoutNs: number) {
    this.inst = inst;
    this.threads = new Resource(inst.sim, { capacity: threads, name: `${inst.name}.threads` });
    this.ops = { select: inst.op("select"), insert: inst.op("insert"), update: inst.op("update"), delete: inst.op("delete") };
    this.connectTimeoutNs = connectTimeoutNs;
  }

  /**
   * One query from `client` (holding a pooled connection for its duration). Returns whether it
   * succeeded; an unreachable or crashed server fails it after the connect timeout or a reset.
   */
  *query(client: ServiceInstance, parent: Parent, kind: QueryKind, table: string): Generator<any, Step, any> {
    const pool = client.dbPool;
    const conn = pool === null ? null : pool.request();
    // A slot granted on the spot needs no suspension (the common case).
    let waited = 0;
    if (conn !== null && !conn.triggered) {
      const since = client.sim.now;
      yield conn;
      waited = client.sim.now - since;
    }
    let ok = false;
    let error = "DBConnectionError";
    let span: Span = NON_RECORDING_SPAN;
    try {
      // A wait for a pooled connection is marked on the query's start (the caller's queueing).
      if (client.traced) {
        const attributes = dbAttributes(this.inst.service, this.inst.host.name, kind, table);
        span = waited > 0
          ? client.startSpan(`db.${kind} ${table}`, parent, "client", { ...attributes, "queue.wait": waited, "queue.pool": "db_pool" })
          : client.startSpan(`db.${kind} ${table}`, parent, "client", attributes);
      }
      this.queries++;
      const sim = this.inst.sim;
      const net = this.inst.cloud.net;
      const server = this.inst;
      const there = net.streamDelay(client.host, server.host, QUERY_BYTES);
      if (there < 0) {
        yield sim.timeout(this.connectTimeoutNs);
      } else {
        yield sim.timeout(there + client.drain());
        if (server.group.down) {
          if (server.host.down) yield sim.timeout(this.connectTimeoutNs);
        } else {
          const life = server.group.incarnation;
          const slot = this.threads.request();
          if (!slot.triggered) yield slot;
          // The server thread stays with the query until its result is on the wire back: one
          // delay covers both (a result lost on the way costs the connect timeout instead).
          const op = this.ops[kind];
          const back = net.streamDelay(server.host, client.host, kind === "select" ? ROW_BYTES : 100);
          try {
            yield server.work(op, back < 0 ? 0 : back);
          } finally {
            this.threads.release(slot);
          }
          if (back < 0) yield sim.timeout(this.connectTimeoutNs);
          ok = back >= 0 && server.group.incarnation === life;
          if (ok) {
            const injected = op.failure(server);
            if (injected !== null) {
              ok = false;
              error = `DBError: ${injected}`;
            }
          }
        }
      }
    } finally {
      if (conn !== null) pool!.release(conn);
    }
    if (!ok) this.failures++;
    const ctx = client.finish(span, parent, !ok, ok ? undefined : error);
    return { ok, ctx };
  }
}
