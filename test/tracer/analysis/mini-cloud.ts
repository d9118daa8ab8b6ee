// Span traces of a miniature cloud for the ranking tests, with faults the test chooses: a
// client on client-1 calls an API (api on h1) that reads a database (mysql on db-1), looks a
// token up in a cache (memcached) and asks an auth service (two instances, on h2 and h3, two
// operations) to validate it; a second workflow lists things through the API only. Times
// are drawn from a seeded stream, so every test sees the same traces.
import seedrandom from "seedrandom";
import type { Attributes, SpanKind, SpanRecord, Trace } from "../../../tracer/model/types.ts";

export interface MiniFault {
  /** Multiplies the own time of `service.operation` spans (any host, or one host). */
  readonly slow?: { readonly service: string; readonly operation?: string; readonly host?: string; readonly by: number };
  /** Adds transit time to calls between two hosts (either way), ns. */
  readonly link?: { readonly a: string; readonly b: string; readonly addNs: number };
  /** A share of cache lookups fail at once (the cache is down). */
  readonly cacheErrors?: number;
  /** An auth instance is down: the load balancer sends every call to the other one. */
  readonly authDown?: "h2" | "h3";
  /** Shifts every timestamp of a host by this many ns. */
  readonly clock?: { readonly host: string; readonly byNs: number };
}

export interface MiniOptions {
  readonly traces: number;
  readonly seed: string;
  /** Share of traces of the "list" workflow (default 0.3). */
  readonly listShare?: number;
  readonly fault?: MiniFault;
  /** First trace number (ids stay unique across windows). */
  readonly first?: number;
  readonly startNs?: number;
}

const MS = 1e6;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

export function miniTraces(o: MiniOptions): Trace[] {
  const rng = seedrandom.alea(o.seed);
  const jitter = (meanNs: number) => Math.round(meanNs * (0.5 + rng()));
  const f = o.fault ?? {};
  const out: Trace[] = [];
  for (let i = 0; i < o.traces; i++) {
    const n = (o.first ?? 0) + i;
    const traceId = hex(n + 1, 32);
    const spans: SpanRecord[] = [];
    let next = 1;
    const span = (parent: SpanRecord | undefined, kind: SpanKind, service: string, host: string, name: string, start: number, end: number, attributes: Attributes = {}, error?: string): SpanRecord => {
      const s: SpanRecord = {
        traceId,
        spanId: hex(n * 64 + next++, 16),
        ...(parent === undefined ? {} : { parentSpanId: parent.spanId }),
        links: [],
        kind,
        name,
        service,
        host,
        start,
        end,
        attributes,
        status: error === undefined ? { code: "unset" } : { code: "error", message: error },
        logs: [],
      };
      spans.push(s);
      return s;
    };
    const own = (service: string, operation: string, host: string, meanNs: number) => {
      const s = f.slow;
      const hit = s !== undefined && s.service === service && (s.operation === undefined || s.operation === operation) && (s.host === undefined || s.host === host);
      return Math.round(jitter(meanNs) * (hit ? s.by : 1));
    };
    const transit = (a: string, b: string) => jitter(0.2 * MS) + (f.link !== undefined && ((f.link.a === a && f.link.b === b) || (f.link.a === b && f.link.b === a)) ? f.link.addNs : 0);
    // An HTTP call from (service, host) to a server; `body` fills the server span and returns its end.
    const call = (parent: SpanRecord, host: string, at: number, route: string, callee: string, calleeHost: string, op: string, body: (server: SpanRecord, t: number) => number): number => {
      const client = span(parent, "client", parent.service, host, route, at, 0, { "http.request.method": "GET", "server.address": calleeHost, "peer.service": callee });
      const arrive = at + transit(host, calleeHost);
      const server = span(client, "server", callee, calleeHost, route, arrive, 0, { "code.function.name": `${callee}.${op}` });
      const done = body(server, arrive);
      (server as { end: number }).end = done;
      const back = done + transit(calleeHost, host);
      (client as { end: number }).end = back;
      return back;
    };
    const pickAuth = (): string => {
      const h = rng() < 0.5 ? "h2" : "h3";
      return f.authDown === undefined ? h : f.authDown === "h2" ? "h3" : "h2";
    };
    const t0 = (o.startNs ?? 0) + i * 10 * MS;
    const list = rng() < (o.listShare ?? 0.3);
    const root = span(undefined, "internal", "client", "client-1", list ? "cli list" : "cli show", t0, 0);
    let t = t0 + jitter(0.5 * MS);
    t = call(root, "client-1", t, list ? "GET /things" : "GET /things/{id}", "api", "h1", list ? "list_things" : "show_thing", (api, at) => {
      let u = at + own("api", "auth", "h1", 0.3 * MS);
      // keystonemiddleware: the cache, then the auth service on a miss.
      const cacheFails = f.cacheErrors !== undefined && rng() < f.cacheErrors;
      const cacheEnd = u + (cacheFails ? jitter(0.05 * MS) : jitter(0.4 * MS));
      span(api, "client", "api", "h1", "cache.get", u, cacheEnd, { "peer.service": "memcached", "db.system": "memcached" }, cacheFails ? "connection refused" : undefined);
      u = cacheEnd;
      if (cacheFails || rng() < 0.4) {
        const authHost = pickAuth();
        u = call(api, "h1", u, "GET /v3/auth/tokens", "auth", authHost, "validate_token", (auth, a2) => {
          let v = a2 + own("auth", "validate_token", authHost, 3 * MS);
          const db = v + own("mysql", "select", "db-1", 1 * MS);
          span(auth, "client", "auth", authHost, "db.select revocation_event", v, db, { "peer.service": "mysql", "db.system": "mysql", "server.address": "db-1" });
          v = db + own("auth", "validate_token", authHost, 0.5 * MS);
          return v;
        });
      }
      if (!list && rng() < 0.5) {
        const authHost = pickAuth();
        u = call(api, "h1", u, "GET /v3/projects", "auth", authHost, "list_projects", (_auth, a2) => a2 + own("auth", "list_projects", authHost, 2 * MS));
      }
      const rows = list ? 3 : 1;
      for (let k = 0; k < rows; k++) {
        const db = u + own("mysql", "select", "db-1", 1.5 * MS);
        span(api, "client", "api", "h1", "db.select things", u, db, { "peer.service": "mysql", "db.system": "mysql", "server.address": "db-1" });
        u = db + own("api", list ? "list_things" : "show_thing", "h1", 0.5 * MS);
      }
      return u;
    });
    (root as { end: number }).end = t + jitter(0.2 * MS);
    const shifted = f.clock === undefined ? spans : spans.map((s) => (s.host === f.clock!.host ? { ...s, start: s.start + f.clock!.byNs, end: s.end + f.clock!.byNs } : s));
    out.push({ traceId, events: [], spans: shifted });
  }
  return out;
}

/** Two windows of the mini cloud: fault-free before, `fault` after. */
export function miniWindows(fault: MiniFault | undefined, seed: string, traces = 300, listShareAfter?: number): [Trace[], Trace[]] {
  return [
    miniTraces({ traces, seed: `${seed}/before` }),
    miniTraces({ traces, seed: `${seed}/after`, first: traces, startNs: traces * 10 * MS, ...(fault === undefined ? {} : { fault }), ...(listShareAfter === undefined ? {} : { listShare: listShareAfter }) }),
  ];
}
