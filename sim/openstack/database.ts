// The MySQL-like database: a host-resident server with a bounded number of concurrently running
// queries, reached over the network through each service's oslo.db connection pool. The trace
// point is on the client side (OSProfiler traces DB API calls in the calling service).
//
// A cluster is a primary and its Galera replicas (topology db.replicas). Every query goes to the
// primary (oslo.db's connection, through the load balancer to one node) except the reads nova
// makes with use_slave=True, which go to the replicas in turn (oslo.db's slave_connection; e.g.
// nova/compute/manager.py _sync_scheduler_instance_info: InstanceList.get_by_host(...,
// use_slave=True)). A write commits once its write-set has reached every reachable replica and
// come back certified (MariaDB, "About Galera Replication": the write set is broadcast to every
// node at commit), so each replica adds a round trip to the writes' latency, the farthest one
// counting; the replicas' applier work is counted, not queued (wsrep_slave_threads are not
// modelled), and an unreachable replica is left out as Galera evicts it from the cluster.
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
import { enter, leave } from "./truth.ts";

export type QueryKind = "select" | "insert" | "update" | "delete";

const QUERY_BYTES = 400;
const ROW_BYTES = 2_000;
/** A write-set on the wire and its certification reply (a choice: one row's change and an ack). */
const WRITESET_BYTES = 600;
const CERTIFY_BYTES = 100;

export interface QueryOptions {
  /** nova's use_slave=True: a replica serves the read when the cluster has any. */
  readonly useSlave?: boolean;
}

export class Database {
  /** The primary. */
  readonly inst: ServiceInstance;
  /** The primary's query threads. */
  readonly threads: Resource;
  readonly replicas: readonly ServiceInstance[];
  private readonly replicaThreads: readonly Resource[];
  private readonly ops: Record<QueryKind, Operation>;
  private readonly connectTimeoutNs: number;
  private nextReplica = 0;
  queries = 0;
  failures = 0;
  /** Reads served by a replica, and write-sets the replicas received. */
  replicaReads = 0;
  writeSetsReplicated = 0;

  constructor(inst: ServiceInstance, threads: number, connectTimeoutNs: number, replicas: readonly ServiceInstance[] = []) {
    this.inst = inst;
    this.threads = new Resource(inst.sim, { capacity: threads, name: `${inst.name}.threads` });
    this.replicas = replicas;
    this.replicaThreads = replicas.map((r) => new Resource(r.sim, { capacity: threads, name: `${r.name}.threads` }));
    this.ops = { select: inst.op("select"), insert: inst.op("insert"), update: inst.op("update"), delete: inst.op("delete") };
    this.connectTimeoutNs = connectTimeoutNs;
  }

  /** The query threads of one of its nodes. */
  threadsOf(node: ServiceInstance): Resource {
    const k = this.replicas.indexOf(node);
    return k < 0 ? this.threads : this.replicaThreads[k]!;
  }

  /** Every node: the primary, then the replicas. */
  get nodes(): readonly ServiceInstance[] {
    return [this.inst, ...this.replicas];
  }

  /**
   * One query from `client` (holding a pooled connection for its duration). Returns whether it
   * succeeded; an unreachable or crashed server fails it after the connect timeout or a reset.
   */
  *query(client: ServiceInstance, parent: Parent, kind: QueryKind, table: string, options?: QueryOptions): Generator<any, Step, any> {
    // Which node serves it: a replica in turn for a use_slave read, the primary otherwise.
    let server = this.inst;
    let threads = this.threads;
    if (options?.useSlave === true && kind === "select" && this.replicas.length > 0) {
      const k = this.nextReplica;
      this.nextReplica = (k + 1) % this.replicas.length;
      server = this.replicas[k]!;
      threads = this.replicaThreads[k]!;
      this.replicaReads++;
    }
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
    // From here the time is the database's (and the network's to it); the pool wait was the caller's.
    const before = enter(client.sim, this.inst.service, this.ops[kind].key);
    try {
      // A wait for a pooled connection is marked on the query's start (the caller's queueing).
      if (client.traced) {
        const attributes = dbAttributes(server.service, server.host.name, kind, table);
        span = waited > 0
          ? client.startSpan(`db.${kind} ${table}`, parent, "client", { ...attributes, "queue.wait": waited, "queue.pool": "db_pool" })
          : client.startSpan(`db.${kind} ${table}`, parent, "client", attributes);
      }
      this.queries++;
      const sim = server.sim;
      const net = server.cloud.net;
      const there = net.streamDelay(client.host, server.host, QUERY_BYTES);
      if (there < 0) {
        yield sim.timeout(this.connectTimeoutNs);
      } else {
        yield sim.timeout(there + client.drain());
        if (server.group.down) {
          if (server.host.down) yield sim.timeout(this.connectTimeoutNs);
        } else {
          const life = server.group.incarnation;
          const slot = threads.request();
          if (!slot.triggered) yield slot;
          // The server thread stays with the query until its result is on the wire back: one
          // delay covers both (a result lost on the way costs the connect timeout instead), and
          // a write's replication to the other nodes before its commit returns.
          const op = this.ops[kind];
          const back = net.streamDelay(server.host, client.host, kind === "select" ? ROW_BYTES : 100);
          const replication = kind === "select" || this.replicas.length === 0 ? 0 : this.replicate(server);
          try {
            yield server.work(op, (back < 0 ? 0 : back) + replication);
          } finally {
            threads.release(slot);
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
    leave(client.sim, before);
    if (!ok) this.failures++;
    const ctx = client.finish(span, parent, !ok, ok ? undefined : error);
    return { ok, ctx };
  }

  /** The wait for a write-set to reach every reachable replica and be certified: the slowest round trip. */
  private replicate(primary: ServiceInstance): number {
    const net = primary.cloud.net;
    let slowest = 0;
    for (const r of this.replicas) {
      if (r.group.down) continue;
      const there = net.streamDelay(primary.host, r.host, WRITESET_BYTES);
      if (there < 0) continue;
      const back = net.streamDelay(r.host, primary.host, CERTIFY_BYTES);
      if (back < 0) continue;
      this.writeSetsReplicated++;
      if (there + back > slowest) slowest = there + back;
    }
    return slowest;
  }
}
