// Pushes an OTLP/JSON request to a collector (OTLP/HTTP: POST /v1/traces, application/json),
// for users who keep traces in Jaeger or Tempo. CLI-side code: real network I/O, so it is
// asynchronous and uses the socket's idle timeout (allow-wallclock) — the only place in tracer/
// that does, and nothing in the simulation calls it.

import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { OtlpPushError } from "./errors.ts";
import type { OtlpRequest } from "./otlp.ts";

export interface OtlpPushOptions {
  /** Socket idle timeout in ms (allow-wallclock). Default 10 000. */
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface OtlpPushResult {
  readonly status: number;
  readonly body: string;
}

/** `http://host:4318` → `http://host:4318/v1/traces`; a URL with a path is used as it is. */
export function otlpTracesUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new OtlpPushError(endpoint, undefined, "not a URL (expected e.g. http://localhost:4318)");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OtlpPushError(endpoint, undefined, `unsupported protocol ${url.protocol} (expected http: or https:)`);
  }
  if (url.pathname === "" || url.pathname === "/") url.pathname = "/v1/traces";
  return url;
}

export function pushOtlp(
  endpoint: string,
  payload: OtlpRequest | string,
  options: OtlpPushOptions = {},
): Promise<OtlpPushResult> { // allow-wallclock: network I/O is asynchronous
  const url = otlpTracesUrl(endpoint);
  const body = Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload), "utf8");
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<OtlpPushResult>((resolve, reject) => { // allow-wallclock
    const req = send(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(body.length), ...options.headers },
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
    req.setTimeout(options.timeoutMs ?? 10_000, () => { // allow-wallclock: socket idle timeout
      req.destroy(new Error(`no response within ${options.timeoutMs ?? 10_000} ms`));
    });
    req.on("error", (e) => reject(e instanceof OtlpPushError ? e : new OtlpPushError(url.href, undefined, e.message)));
    req.end(body);
  });
}
