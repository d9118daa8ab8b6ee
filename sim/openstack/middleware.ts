// keystonemiddleware's auth_token, in front of every API service: look the token up in
// memcached; on a miss validate it with Keystone (GET /v3/auth/tokens, retried
// http_request_max_retries times) and cache the result for token_cache_time (300 s).
import type { Span } from "../../tracer/index.ts";
import type { HttpRequest } from "../net/index.ts";
import { httpCall } from "./calls.ts";
import type { ServiceInstance } from "./instance.ts";

/** 0 when the request may proceed, else the status to answer with (401, or 503 if Keystone is unreachable). */
export function* authenticate(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, number, any> {
  const token = req.headers["x-auth-token"];
  if (token === undefined) return 401;
  const cloud = inst.cloud;
  const cache = cloud.cacheFor(token);
  const cached = yield* cache.get(inst, span, token);
  if (cached.hit) return 0;
  cloud.counters.tokenValidations++;
  const v = yield* httpCall(inst, span, "keystone", "GET", "/v3/auth/tokens", "GET /v3/auth/tokens", {
    token: cloud.serviceToken,
    headers: { "x-subject-token": token },
    retries: cloud.topology.http.keystoneRetries,
  });
  const status = v.resp.status;
  if (status === 0 || status >= 500) return 503;
  if (status !== 200) return 401;
  if (cached.ok) yield* cache.set(inst, span, token, cloud.topology.keystone.tokenCacheTtlNs);
  return 0;
}
