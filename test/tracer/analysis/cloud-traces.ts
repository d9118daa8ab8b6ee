// Synthetic OpenStack-like traces for diagnosis tests and benchmarks: the Horizon instances
// page (token validation through keystonemiddleware's cache, then Nova, Glance and Neutron in
// parallel), `openstack token issue` and `openstack server list`, with lognormal latencies
// from seeded streams, and optionally Bug 1587777's fault: Keystone's token validation slows.
import seedrandom from "seedrandom";
import type { Trace } from "../../../tracer/model/types.ts";
import { Recorder, rpc } from "./synthetic.ts";
import type { Thread } from "./synthetic.ts";

export interface CloudOptions {
  readonly seed: string;
  readonly count: number;
  /** Root start of the first request, and spacing between requests (ns). */
  readonly startNs?: number;
  readonly spacingNs?: number;
  /** Extra median latency in Keystone's token validation (the fault), ns. */
  readonly validateSlowdownNs?: number;
  /** Requests from this index on get the fault (default 0: all of them). */
  readonly faultFrom?: number;
  /** Record ITC stamps too (slower to generate; default true). */
  readonly itc?: boolean;
  /** Probability a token validation misses memcached (default 0.3). */
  readonly cacheMissRate?: number;
  /** Glance also fetches its schema from the database on every listing (a new call). */
  readonly glanceSchemaQuery?: boolean;
}

const MS = 1_000_000;

export function cloudTraces(options: CloudOptions): Trace[] {
  const rng = seedrandom.alea(`${options.seed}/cloud`);
  // Box–Muller normal from the seeded stream; lognormal by median and shape.
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const lognormal = (median: number, sigma = 0.25) => Math.round(median * Math.exp(sigma * normal()));
  const hex = (digits: number) => {
    let s = "";
    while (s.length < digits) s += Math.floor(rng() * 2 ** 32).toString(16).padStart(8, "0");
    return s.slice(0, digits);
  };
  const missRate = options.cacheMissRate ?? 0.3;
  const out: Trace[] = [];
  for (let i = 0; i < options.count; i++) {
    const faulty = (options.validateSlowdownNs ?? 0) > 0 && i >= (options.faultFrom ?? 0);
    const r = new Recorder(hex(32), { itc: options.itc ?? true });
    const net = () => lognormal(0.2 * MS, 0.1);
    const keystoneValidate = (caller: Thread) =>
      rpc(r, caller, "keystone", "keystone-1", "GET /v3/auth/tokens", net(), (ks) => {
        r.work(ks, lognormal(3 * MS) + (faulty ? lognormal(options.validateSlowdownNs!, 0.3) : 0));
        rpc(r, ks, "mysql", "db-1", "SELECT revocation_event", net(), (db) => r.work(db, lognormal(1 * MS)));
        r.work(ks, lognormal(1 * MS));
      });
    // keystonemiddleware in an API service: memcached first, Keystone on a miss.
    const middleware = (caller: Thread) => {
      const mw = r.child(caller, "keystonemiddleware validate");
      r.work(mw, lognormal(0.1 * MS));
      if (rng() >= missRate) rpc(r, mw, "memcached", "cache-1", "get token", net(), (s) => r.work(s, lognormal(0.3 * MS)));
      else keystoneValidate(mw);
      r.end(mw, caller);
    };
    const api = (caller: Thread, service: string, host: string, op: string, workMs: number, db?: string) =>
      rpc(r, caller, service, host, op, net(), (srv) => {
        middleware(srv);
        r.work(srv, lognormal(workMs * MS));
        if (db !== undefined) rpc(r, srv, "mysql", "db-1", db, net(), (d) => r.work(d, lognormal(2 * MS)));
      });
    const start = (options.startNs ?? 0) + i * (options.spacingNs ?? 50 * MS);
    const pick = rng();
    if (pick < 0.5) {
      // Horizon checks its session token with Keystone, lists servers, then images and ports
      // in parallel; every API service validates the token again.
      const root = r.root("horizon", "horizon-1", "GET /project/instances", start, { "span.kind": "server" });
      r.work(root, lognormal(2 * MS));
      keystoneValidate(root);
      api(root, "nova-api", "api-1", "GET /v2.1/servers/detail", 6, "SELECT instances");
      const branches = r.fork(root, 2);
      api(branches[0]!, "glance", "api-1", "GET /v2/images", 8, options.glanceSchemaQuery ? "SELECT image_schema" : undefined);
      api(branches[1]!, "neutron", "net-1", "GET /v2.0/ports", 7, "SELECT ports");
      r.join(root, branches);
      r.work(root, lognormal(4 * MS));
      r.end(root);
    } else if (pick < 0.75) {
      const root = r.root("openstack-cli", "client-1", "token issue", start);
      rpc(r, root, "keystone", "keystone-1", "POST /v3/auth/tokens", net(), (ks) => {
        r.work(ks, lognormal(10 * MS));
        rpc(r, ks, "mysql", "db-1", "INSERT token", net(), (db) => r.work(db, lognormal(2 * MS)));
      });
      r.end(root);
    } else {
      const root = r.root("openstack-cli", "client-1", "server list", start);
      api(root, "nova-api", "api-1", "GET /v2.1/servers", 5, "SELECT instances");
      r.end(root);
    }
    out.push(r.trace());
  }
  return out;
}
