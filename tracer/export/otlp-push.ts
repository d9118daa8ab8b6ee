// Pushes traces to a collector over OTLP/HTTP with JSON bodies (POST /v1/traces), for users who
// keep traces in Jaeger, Tempo or an OpenTelemetry Collector: in batches whose bodies stay under
// a size limit, gzip-compressed, with custom headers, configured by flags or the standard
// OTEL_EXPORTER_OTLP_* variables. Host-side code: real network I/O, so it is asynchronous and
// uses the socket's idle timeout (allow-wallclock); nothing in the simulation calls it.

import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { gzipSync } from "node:zlib";
import { OtlpPushError } from "./errors.ts";
import { exportOtlp } from "./otlp.ts";
import type { OtlpRequest } from "./otlp.ts";
import type { ExportOptions } from "./epoch.ts";
import type { Trace } from "../model/types.ts";

/**
 * The largest request body a batch may have: 4 MiB, the default message limit of gRPC receivers
 * (grpc-go's defaultServerMaxReceiveMessageSize), which an OpenTelemetry Collector applies to
 * OTLP/gRPC; its HTTP receiver's own default is larger, so a batch under this fits either way.
 */
export const MAX_BATCH_BYTES = 4 * 2 ** 20;

export type OtlpCompression = "gzip" | "none";

/** Where and how to push. */
export interface OtlpPushConfig {
  /** The full traces URL (…/v1/traces). */
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly compression: OtlpCompression;
  /** Socket idle timeout per request, ms (allow-wallclock). */
  readonly timeoutMs: number;
}

export interface OtlpPushResult {
  readonly status: number;
  readonly body: string;
}

export interface OtlpBatchReport {
  /** Requests sent, each with its body size before and after compression. */
  readonly requests: readonly { readonly spans: number; readonly bytes: number; readonly sentBytes: number }[];
  readonly spans: number;
}

/** `http://host:4318` → `http://host:4318/v1/traces`; a URL with a path is used as it is (a traces endpoint). */
export function otlpTracesUrl(endpoint: string): URL {
  const url = parseUrl(endpoint);
  if (url.pathname === "" || url.pathname === "/") url.pathname = "/v1/traces";
  return url;
}

function parseUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new OtlpPushError(endpoint, undefined, "not a URL (expected e.g. http://localhost:4318)");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OtlpPushError(endpoint, undefined, `unsupported protocol ${url.protocol} (expected http: or https:)`);
  }
  return url;
}

/**
 * A base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT) → its traces URL: `v1/traces` appended to the
 * path, as the OTLP exporter specification says for OTLP/HTTP
 * (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp).
 */
export function otlpBaseUrl(endpoint: string): URL {
  const url = parseUrl(endpoint);
  url.pathname = `${url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`}v1/traces`;
  return url;
}

/** `key1=value1,key2=value2`, values percent-decoded (the W3C Baggage list form the specification uses for headers). */
export function parseOtlpHeaders(text: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split(",")) {
    if (item.trim() === "") continue;
    const eq = item.indexOf("=");
    const key = eq < 0 ? "" : item.slice(0, eq).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) throw new OtlpPushError(where, undefined, `expected headers as key=value,key2=value2, got ${JSON.stringify(item.trim())}`);
    let value: string;
    try {
      value = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      throw new OtlpPushError(where, undefined, `header ${key}: the value is not percent-encoded correctly`);
    }
    out[key.toLowerCase()] = value;
  }
  return out;
}

/**
 * The longest timeout: Node's timers hold at most 2^31 − 1 ms (24.8 days) and fire after 1 ms
 * for anything larger (a TimeoutOverflowWarning), which would fail every push at once.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface OtlpPushOverrides {
  readonly endpoint?: string;
  readonly headers?: string;
  readonly compression?: string;
  readonly timeoutMs?: number;
}

/**
 * The push configuration: explicit values first, then the signal-specific variables
 * (OTEL_EXPORTER_OTLP_TRACES_*), then the general ones (OTEL_EXPORTER_OTLP_*) — "each
 * configuration option MUST be overridable by a signal specific option", and a traces endpoint
 * is used as it is while a general one gets `v1/traces` appended
 * (https://opentelemetry.io/docs/specs/otel/protocol/exporter/). Defaults: http://localhost:4318
 * and a 10 s timeout (the specification's), gzip (a choice: a run's export is tens of MB of JSON).
 */
export function otlpPushConfig(overrides: OtlpPushOverrides, env: Readonly<Record<string, string | undefined>>): OtlpPushConfig {
  const pick = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  let url: URL;
  if (overrides.endpoint !== undefined) url = otlpTracesUrl(overrides.endpoint);
  else if (pick("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") !== undefined) url = parseUrl(pick("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")!);
  else url = otlpBaseUrl(pick("OTEL_EXPORTER_OTLP_ENDPOINT") ?? "http://localhost:4318");
  // Headers merge: general, then signal-specific, then explicit ones win key by key.
  const headers = {
    ...parseOtlpHeaders(pick("OTEL_EXPORTER_OTLP_HEADERS") ?? "", "OTEL_EXPORTER_OTLP_HEADERS"),
    ...parseOtlpHeaders(pick("OTEL_EXPORTER_OTLP_TRACES_HEADERS") ?? "", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"),
    ...parseOtlpHeaders(overrides.headers ?? "", "--otlp-headers"),
  };
  const compressionText = overrides.compression ?? pick("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION") ?? pick("OTEL_EXPORTER_OTLP_COMPRESSION") ?? "gzip";
  if (compressionText !== "gzip" && compressionText !== "none") {
    throw new OtlpPushError(url.href, undefined, `compression must be "gzip" or "none", got ${JSON.stringify(compressionText)}`);
  }
  const timeoutText = pick("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") ?? pick("OTEL_EXPORTER_OTLP_TIMEOUT");
  const timeoutMs = overrides.timeoutMs ?? (timeoutText === undefined ? 10_000 : Number(timeoutText));
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new OtlpPushError(url.href, undefined, `the timeout must be a positive number of ms up to ${MAX_TIMEOUT_MS}, got ${JSON.stringify(timeoutText ?? timeoutMs)}`);
  }
  return { url, headers, compression: compressionText, timeoutMs };
}

/** One request's body, as JSON text, and how many spans it holds. */
export interface OtlpBatch {
  readonly body: string;
  readonly spans: number;
}

const HEAD = '{"resourceSpans":[';
const TAIL = "]}";

/**
 * Packs traces into OTLP/JSON request bodies of at most `maxBytes` UTF-8 bytes each. Every
 * ResourceSpans of every trace is one unit; consecutive units share a body while it fits; a unit
 * too large alone (one service's spans of a huge trace) is split by spans. A receiver merges the
 * pieces by trace id, so where a trace is cut does not matter to it.
 */
export function otlpBatches(traces: readonly Trace[], options: ExportOptions = {}, maxBytes = MAX_BATCH_BYTES): OtlpBatch[] {
  const batches: OtlpBatch[] = [];
  let parts: string[] = [];
  let size = HEAD.length + TAIL.length;
  let spans = 0;
  const flush = () => {
    if (parts.length === 0) return;
    batches.push({ body: HEAD + parts.join(",") + TAIL, spans });
    parts = [];
    size = HEAD.length + TAIL.length;
    spans = 0;
  };
  const add = (unit: string, count: number) => {
    const bytes = Buffer.byteLength(unit);
    if (parts.length > 0 && size + 1 + bytes > maxBytes) flush();
    if (HEAD.length + TAIL.length + bytes > maxBytes) throw new OtlpPushError("otlp batch", undefined, `one span is larger than the ${maxBytes}-byte batch limit`);
    size += (parts.length > 0 ? 1 : 0) + bytes;
    parts.push(unit);
    spans += count;
  };
  for (const trace of traces) {
    for (const rs of exportOtlp([trace], options).resourceSpans) {
      const unit = JSON.stringify(rs);
      if (HEAD.length + TAIL.length + Buffer.byteLength(unit) <= maxBytes) {
        add(unit, rs.scopeSpans[0]!.spans.length);
        continue;
      }
      // Too large alone: one unit per run of spans that fits.
      const scope = rs.scopeSpans[0]!;
      let run: typeof scope.spans[number][] = [];
      const unitOf = (list: typeof run) => JSON.stringify({ ...rs, scopeSpans: [{ ...scope, spans: list }] });
      const emptyBytes = Buffer.byteLength(unitOf([]));
      let runBytes = emptyBytes;
      for (const span of scope.spans) {
        const spanBytes = Buffer.byteLength(JSON.stringify(span)) + 1;
        if (run.length > 0 && HEAD.length + TAIL.length + runBytes + spanBytes > maxBytes) {
          add(unitOf(run), run.length);
          run = [];
          runBytes = emptyBytes;
        }
        run.push(span);
        runBytes += spanBytes;
      }
      if (run.length > 0) add(unitOf(run), run.length);
    }
  }
  flush();
  return batches;
}

/** The bytes a request carries: the JSON body, gzipped when the configuration says so. */
function encode(config: OtlpPushConfig, body: string): Buffer {
  const raw = Buffer.from(body, "utf8");
  return config.compression === "gzip" ? gzipSync(raw) : raw;
}

/** Sends one encoded request body; resolves on 2xx, rejects with OtlpPushError otherwise. */
function postOtlp(config: OtlpPushConfig, payload: Buffer): Promise<OtlpPushResult> { // allow-wallclock: network I/O is asynchronous
  const url = config.url;
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<OtlpPushResult>((resolve, reject) => { // allow-wallclock
    const req = send(
      url,
      {
        method: "POST",
        headers: {
          ...config.headers,
          "content-type": "application/json",
          "content-length": String(payload.length),
          ...(config.compression === "gzip" ? { "content-encoding": "gzip" } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => reject(new OtlpPushError(url.href, res.statusCode, e.message)));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ status, body: text });
          else reject(new OtlpPushError(url.href, status, `HTTP ${status}: ${text.slice(0, 200)}`));
        });
      },
    );
    req.setTimeout(config.timeoutMs, () => { // allow-wallclock: socket idle timeout
      req.destroy(new Error(`no response within ${config.timeoutMs} ms`));
    });
    req.on("error", (e) => reject(e instanceof OtlpPushError ? e : new OtlpPushError(url.href, undefined, e.message)));
    req.end(payload);
  });
}

/** Pushes traces in batches, one request at a time (a collector applies back-pressure per request). */
export async function pushOtlpTraces(config: OtlpPushConfig, traces: readonly Trace[], options: ExportOptions = {}, maxBytes = MAX_BATCH_BYTES): Promise<OtlpBatchReport> {
  const requests: { spans: number; bytes: number; sentBytes: number }[] = [];
  let spans = 0;
  for (const batch of otlpBatches(traces, options, maxBytes)) {
    const payload = encode(config, batch.body);
    await postOtlp(config, payload);
    requests.push({ spans: batch.spans, bytes: Buffer.byteLength(batch.body), sentBytes: payload.length });
    spans += batch.spans;
  }
  return { requests, spans };
}

/** One request of a whole OTLP/JSON document (or text), uncompressed unless asked: for a small export. */
export function pushOtlp(endpoint: string, payload: OtlpRequest | string, options: { readonly timeoutMs?: number; readonly headers?: Readonly<Record<string, string>>; readonly compression?: OtlpCompression } = {}): Promise<OtlpPushResult> {
  const config: OtlpPushConfig = { url: otlpTracesUrl(endpoint), headers: options.headers ?? {}, compression: options.compression ?? "none", timeoutMs: options.timeoutMs ?? 10_000 };
  return postOtlp(config, encode(config, typeof payload === "string" ? payload : JSON.stringify(payload)));
}
