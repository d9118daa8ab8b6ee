// Horizon (Django): Project → Instances, as openstack_dashboard's views do it — session from
// memcached, Keystone's project list for the switcher (every page), then Glance ×2, flavors
// and volumes in parallel, the paged server list, Neutron ports and floating IPs in parallel,
// the networks of those ports, and the render. Also the overview page the pattern workflows use.
import type { Span } from "../../../tracer/index.ts";
import type { HttpRequest } from "../../net/index.ts";
import { allOk, fanout, httpCall } from "../calls.ts";
import type { Step } from "../calls.ts";
import type { HandlerResponse, ServiceInstance } from "../instance.ts";
import type { Parent } from "../tracing.ts";
import { okResponse, route } from "./registry.ts";

function tokenOf(req: HttpRequest): string {
  return req.headers["x-auth-token"] ?? "";
}

function* session(inst: ServiceInstance, span: Span | null, token: string): Generator<any, boolean, any> {
  const key = `session/${token.slice(-16)}`;
  const s = yield* inst.cloud.cacheFor(key).get(inst, span, key);
  if (!s.hit && s.ok) yield* inst.cloud.cacheFor(key).set(inst, span, key, 3_600_000_000_000);
  return true;
}

function* instancesPage(inst: ServiceInstance, req: HttpRequest, span: Span | null): Generator<any, HandlerResponse, any> {
  const token = tokenOf(req);
  yield* session(inst, span, token);
  const ks = yield* httpCall(inst, span, "keystone", "GET", "/v3/auth/projects", "GET /v3/auth/projects", { token });
  if (!ks.ok) return okResponse(ks.resp.status === 401 ? 302 : 500, 500, "keystone: project list failed");
  const first = yield* fanout(inst, span, [
    (c: Parent) => httpCall(inst, c, "glance", "GET", "/v2/images?visibility=shared", "GET /v2/images", { token }),
    (c: Parent) => httpCall(inst, c, "glance", "GET", "/v2/images?visibility=community", "GET /v2/images", { token }),
    (c: Parent) => httpCall(inst, c, "nova-api", "GET", "/v2.1/flavors/detail", "GET /v2.1/flavors/detail", { token }),
    (c: Parent) => httpCall(inst, c, "cinder", "GET", "/v3/volumes/detail", "GET /v3/volumes/detail", { token }),
  ]);
  const servers = yield* httpCall(inst, span, "nova-api", "GET", "/v2.1/servers/detail?limit=21", "GET /v2.1/servers/detail", { token });
  const ports = yield* fanout(inst, span, [
    (c: Parent) => httpCall(inst, c, "neutron", "GET", "/v2.0/ports?device_id=...", "GET /v2.0/ports", { token }),
    (c: Parent) => httpCall(inst, c, "neutron", "GET", "/v2.0/floatingips", "GET /v2.0/floatingips", { token }),
  ]);
  const nets = yield* httpCall(inst, span, "neutron", "GET", "/v2.0/networks?id=...", "GET /v2.0/networks", { token });
  yield inst.work(inst.op("instances_page"));
  const ok = allOk(first) && servers.ok && allOk(ports) && nets.ok;
  // Horizon renders the page with error banners rather than failing it, but the user saw a failure.
  return ok ? okResponse(200, 60_000) : okResponse(500, 60_000, "a backend call failed");
}

/**
 * The talk's foo → {bar → thud, grunt}: the overview page asks Nova for tenant usage (bar, whose
 * DB query is thud) and Cinder for limits (grunt), concurrently (Pattern #1) or one after the
 * other (Pattern #2). Span trees are identical; only the DAG tells them apart.
 */
function* overviewPage(inst: ServiceInstance, req: HttpRequest, span: Span | null): Generator<any, HandlerResponse, any> {
  const token = tokenOf(req);
  const bar = (c: Parent): Generator<any, Step, any> =>
    httpCall(inst, c, "nova-api", "GET", "/v2.1/os-simple-tenant-usage/p1", "GET /v2.1/os-simple-tenant-usage/{project}", { token });
  const grunt = (c: Parent): Generator<any, Step, any> => httpCall(inst, c, "cinder", "GET", "/v3/limits", "GET /v3/limits", { token });
  let ok: boolean;
  if ((req.body as { mode?: string } | undefined)?.mode === "sequential") {
    const a = yield* bar(span);
    const b = yield* grunt(span);
    ok = a.ok && b.ok;
  } else {
    ok = allOk(yield* fanout(inst, span, [bar, grunt]));
  }
  yield inst.work(inst.op("overview_page"));
  return ok ? okResponse(200, 30_000) : okResponse(500, 30_000, "a backend call failed");
}

export function installHorizon(inst: ServiceInstance): void {
  route(inst, "GET /project/instances/", "instances_page", false, instancesPage);
  route(inst, "GET /project/", "overview_page", false, overviewPage);
}
