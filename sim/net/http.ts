// HTTP between hosts: a request travels over the network, the server's instance handles it in
// its own process, and the response travels back. Transport failures come back as status 0 with
// an `error` (timeout, connection refused, connection reset) rather than as exceptions, so model
// code reads like `if (!ok(resp))`. Retries follow keystoneauth: on transport errors only, with
// exponential backoff.
import type { SimEvent } from "../kernel/index.ts";
import { MS } from "../kernel/index.ts";
import type { ProcessGroup } from "./group.ts";
import type { Host } from "./host.ts";
import type { Network } from "./network.ts";
import { DeadlineEntry, deadlines } from "./deadlines.ts";

/** Header maps are plain string records, as a WSGI environ or a requests' dict would hold them. */
export type Headers = Record<string, string>;

export interface HttpRequest {
  readonly method: string;
  /** The concrete path, e.g. /v2.1/servers/i-12. */
  readonly path: string;
  /** The route template the server dispatches on, e.g. "GET /v2.1/servers/{id}". */
  readonly route: string;
  readonly headers: Headers;
  readonly bodyBytes: number;
  readonly body?: unknown;
}

export interface HttpResponse {
  /** 0 for a transport failure. */
  readonly status: number;
  readonly headers: Headers;
  readonly bodyBytes: number;
  readonly body?: unknown;
  readonly error?: string;
}

/** What a request is delivered to: a service instance listening on a host. */
export interface HttpServer {
  readonly host: Host;
  readonly group: ProcessGroup;
  /** Takes the request; must eventually call exchange.respond() or exchange.reset(), or stay silent. */
  accept(req: HttpRequest, exchange: HttpExchange): void;
}

export interface HttpCallOptions {
  readonly timeoutNs: number;
  /** Extra attempts after a transport failure. */
  readonly retries: number;
  /** Added to the request's departure (e.g. client-side CPU or tracing overhead), ns. */
  readonly sendDelayNs?: number;
}

/** Request line, status line and framing, beyond headers and body. */
const LINE_BYTES = 64;
const RETRY_BACKOFF_NS = 500 * MS;

const NO_HEADERS: Headers = Object.freeze({}) as Headers;

export function transportError(error: string): HttpResponse {
  return { status: 0, headers: NO_HEADERS, bodyBytes: 0, error };
}

const TIMEOUT = transportError("timeout");
const REFUSED = transportError("connection refused");
const RESET = transportError("connection reset");

/** keystoneauth-style backoff before retry `attempt + 1` (0.5 s, doubling). */
export function retryBackoffNs(attempt: number): number {
  return RETRY_BACKOFF_NS * 2 ** attempt;
}

export function ok(resp: HttpResponse): boolean {
  return resp.status >= 200 && resp.status < 300;
}

export function headerBytes(headers: Headers): number {
  let n = 0;
  for (const k in headers) n += k.length + headers[k]!.length + 4;
  return n;
}

export function requestBytes(req: HttpRequest): number {
  return LINE_BYTES + req.method.length + req.path.length + headerBytes(req.headers) + req.bodyBytes;
}

export function responseBytes(resp: HttpResponse): number {
  return LINE_BYTES + headerBytes(resp.headers) + resp.bodyBytes;
}

/** One attempt in flight: settles once, with the response, a transport error or the timeout. */
export class HttpExchange extends DeadlineEntry {
  readonly client: Host;
  readonly server: HttpServer;
  readonly reply: SimEvent<HttpResponse>;
  private readonly net: Network;
  private settled = false;

  constructor(net: Network, client: Host, server: HttpServer) {
    super();
    this.net = net;
    this.client = client;
    this.server = server;
    this.reply = net.sim.event<HttpResponse>();
  }

  /** Sends the response back, leaving the server `extraNs` later (tracing overhead, say). */
  respond(resp: HttpResponse, extraNs = 0): void {
    const d = this.net.streamDelay(this.server.host, this.client, responseBytes(resp));
    if (d < 0) return; // lost on the way back: the client times out
    this.net.sim.schedule(d + extraNs, () => this.settle(resp));
  }

  /** The server process died: the kernel resets the connection (unless the host died with it). */
  reset(): void {
    if (this.server.host.down) return;
    const d = this.net.streamDelay(this.server.host, this.client, LINE_BYTES);
    if (d >= 0) this.net.sim.schedule(d, () => this.settle(RESET));
  }

  settle(resp: HttpResponse): void {
    if (this.settled) return;
    this.settled = true;
    this.disarm();
    this.reply.succeed(resp);
  }

  /** The client's timeout passed. */
  expire(): void {
    this.settle(TIMEOUT);
  }
}

/**
 * Sends `req` from `client` to the server `pick()` returns (a load balancer's choice, made again
 * on each attempt) and waits for the response. Yield* it from a process.
 */
export function* httpRequest(
  net: Network,
  client: Host,
  pick: () => HttpServer,
  req: HttpRequest,
  options: HttpCallOptions,
): Generator<any, HttpResponse, any> {
  return yield* httpExchange(net, client, pick, req, options.timeoutNs, options.retries, options.sendDelayNs ?? 0);
}

/** httpRequest with its options as arguments (no options object per call on hot paths). */
export function* httpExchange(
  net: Network,
  client: Host,
  pick: () => HttpServer,
  req: HttpRequest,
  timeoutNs: number,
  retries: number,
  sendDelayNs: number,
): Generator<any, HttpResponse, any> {
  const sim = net.sim;
  const bytes = requestBytes(req);
  let attempt = 0;
  for (;;) {
    const server = pick();
    const ex = new HttpExchange(net, client, server);
    const d = net.streamDelay(client, server.host, bytes);
    if (d >= 0) {
      sim.schedule(d + (attempt === 0 ? sendDelayNs : 0), () => {
        if (server.host.down) return; // nobody there: silence
        if (server.group.down) {
          const back = net.streamDelay(server.host, client, LINE_BYTES);
          if (back >= 0) sim.schedule(back, () => ex.settle(REFUSED));
          return;
        }
        server.accept(req, ex);
      });
    }
    deadlines(sim).arm(ex, timeoutNs);
    const resp: HttpResponse = yield ex.reply;
    if (resp.status !== 0 || attempt >= retries) return resp;
    yield sim.timeout(retryBackoffNs(attempt));
    attempt++;
  }
}
