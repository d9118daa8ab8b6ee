// Horizon (Django), as openstack_dashboard and openstack_auth make their calls:
//
// - Every request: Django's session (devstack's SESSION_ENGINE is the cache backend, memcached),
//   then openstack_auth's KeystoneBackend.get_user, which rebuilds the User from the session's
//   token (openstack_auth/backend.py: create_user_from_token, with no project list).
// - Project → Instances, IndexView.get_data (openstack_dashboard/dashboards/project/instances/
//   views.py): images, flavors and volumes in parallel (futurist_utils.call_functions_parallel
//   of _get_images, _get_flavors, _get_volumes; _get_images lists the project's images, then the
//   community images: two Glance calls one after the other), then _get_instances:
//   server_list_paged (GET /servers/detail?limit=21), and servers_update_addresses
//   (openstack_dashboard/api/neutron.py): ports of those servers, then their floating IPs, then
//   the networks of the ports, one after the other.
// - Rendering any dashboard page runs the context processor openstack_dashboard/
//   context_processors.py openstack(), which reads request.user.authorized_tenants; the User was
//   rebuilt for this request, so openstack_auth/user.py fetches the list: utils.get_project_list
//   → keystoneclient projects.list(user=...) = GET /v3/users/{user_id}/projects with the
//   session's unscoped token, which Keystone validates itself (no auth_token cache in front of
//   Keystone). That is the per-page Keystone call of Bug 1587777.
// - Failures: get_data's calls go through horizon.exceptions.handle, which turns a backend's
//   error into a message on the page (ignore=True for images, flavors and volumes; a message for
//   the instances); a project-list failure is logged (user.py catches keystoneauth's
//   ClientException). The page still renders (HTTP 200); the failed calls stay in the trace as
//   error spans.
// Also the overview page the pattern workflows use.
import type { Span } from "../../../tracer/index.ts";
import type { HttpRequest } from "../../net/index.ts";
import { fanout, httpCall } from "../calls.ts";
import type { Step } from "../calls.ts";
import type { HandlerResponse, ServiceInstance } from "../instance.ts";
import type { Parent } from "../tracing.ts";
import { okResponse, route } from "./registry.ts";

/** Horizon's API_RESULT_PAGE_SIZE (20) plus one, to know whether there is a next page (api/nova.py server_list_paged). */
const PAGE_LIMIT = 21;

function tokenOf(req: HttpRequest): string {
  return req.headers["x-auth-token"] ?? "";
}

/** Django's session from the cache backend (set when it was not there). */
function* session(inst: ServiceInstance, span: Span, token: string): Generator<any, void, any> {
  const key = `session/${token.slice(-16)}`;
  const s = yield* inst.cloud.cacheFor(key).get(inst, span, key);
  if (!s.hit && s.ok) yield* inst.cloud.cacheFor(key).set(inst, span, key, 3_600_000_000_000);
}

/** The context processor's authorized_tenants: one Keystone call per rendered page (its failure is only logged). */
function* projectList(inst: ServiceInstance, span: Span, token: string): Generator<any, void, any> {
  yield* httpCall(inst, span, "keystone", "GET", "/v3/users/u-1/projects", "GET /v3/users/{user_id}/projects", { token });
}

function* images(inst: ServiceInstance, c: Parent, token: string): Generator<any, Step, any> {
  const own = yield* httpCall(inst, c, "glance", "GET", "/v2/images", "GET /v2/images", { token });
  const community = yield* httpCall(inst, own.ctx ?? c, "glance", "GET", "/v2/images?visibility=community", "GET /v2/images", { token });
  return { ok: own.ok && community.ok, ctx: community.ctx };
}

function* addresses(inst: ServiceInstance, span: Span, token: string): Generator<any, void, any> {
  const ports = yield* httpCall(inst, span, "neutron", "GET", "/v2.0/ports?device_id=...", "GET /v2.0/ports", { token });
  if (!ports.ok) return;
  const fips = yield* httpCall(inst, span, "neutron", "GET", "/v2.0/floatingips?port_id=...", "GET /v2.0/floatingips", { token });
  if (!fips.ok) return;
  yield* httpCall(inst, span, "neutron", "GET", "/v2.0/networks?id=...", "GET /v2.0/networks", { token });
}

function* instancesPage(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const token = tokenOf(req);
  yield* session(inst, span, token);
  yield* fanout(inst, span, [
    (c: Parent) => images(inst, c, token),
    (c: Parent) => httpCall(inst, c, "nova-api", "GET", "/v2.1/flavors/detail", "GET /v2.1/flavors/detail", { token }),
    (c: Parent) => httpCall(inst, c, "cinder", "GET", "/v3/volumes/detail", "GET /v3/volumes/detail", { token }),
  ]);
  const servers = yield* httpCall(inst, span, "nova-api", "GET", `/v2.1/servers/detail?limit=${PAGE_LIMIT}`, "GET /v2.1/servers/detail", { token });
  // servers_update_addresses runs only when there are instances to show.
  if (servers.ok) yield* addresses(inst, span, token);
  yield* projectList(inst, span, token);
  yield inst.work(inst.op("instances_page"));
  return okResponse(200, 60_000);
}

/**
 * The talk's foo → {bar → thud, grunt}: the overview page asks Nova for tenant usage (bar, whose
 * DB query is thud) and Cinder for limits (grunt), concurrently (Pattern #1) or one after the
 * other (Pattern #2). Span trees are identical; only the DAG tells them apart. The page renders
 * through the same context processor (one Keystone project list).
 */
function* overviewPage(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const token = tokenOf(req);
  const bar = (c: Parent): Generator<any, Step, any> =>
    httpCall(inst, c, "nova-api", "GET", "/v2.1/os-simple-tenant-usage/p1", "GET /v2.1/os-simple-tenant-usage/{project}", { token });
  const grunt = (c: Parent): Generator<any, Step, any> => httpCall(inst, c, "cinder", "GET", "/v3/limits", "GET /v3/limits", { token });
  if ((req.body as { mode?: string } | undefined)?.mode === "sequential") {
    yield* bar(span);
    yield* grunt(span);
  } else {
    yield* fanout(inst, span, [bar, grunt]);
  }
  yield* projectList(inst, span, token);
  yield inst.work(inst.op("overview_page"));
  return okResponse(200, 30_000);
}

export function installHorizon(inst: ServiceInstance): void {
  route(inst, "GET /project/instances/", "instances_page", false, instancesPage);
  route(inst, "GET /project/", "overview_page", false, overviewPage);
}
