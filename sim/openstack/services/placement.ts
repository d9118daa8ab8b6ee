// Placement: allocation candidates, claims (PUT /allocations, 409 when the host is full) and
// deleting a consumer's allocations, over its own DB tables.
import type { Span } from "../../../tracer/index.ts";
import type { HttpRequest } from "../../net/index.ts";
import type { HandlerResponse, ServiceInstance } from "../instance.ts";
import { okResponse, route } from "./registry.ts";

function* candidates(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const q = yield* inst.cloud.db.query(inst, span, "select", "resource_providers");
  if (!q.ok) return okResponse(500, 300, "placement DB unavailable");
  yield inst.work(inst.op("allocation_candidates"));
  const hosts = inst.cloud.placement.candidates();
  return okResponse(200, 500 + 1_500 * hosts.length, hosts);
}

function* claim(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("claim_resources"));
  const q = yield* inst.cloud.db.query(inst, span, "insert", "allocations");
  if (!q.ok) return okResponse(500, 300, "placement DB unavailable");
  const { id, host } = req.body as { id: string; host: string };
  return inst.cloud.placement.claim(id, host) ? okResponse(204, 0) : okResponse(409, 300, "concurrent update");
}

function* release(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("delete_allocations"));
  const q = yield* inst.cloud.db.query(inst, span, "delete", "allocations");
  if (!q.ok) return okResponse(500, 300, "placement DB unavailable");
  inst.cloud.placement.release((req.body as { id: string }).id);
  return okResponse(204, 0);
}

/** A resource provider's inventories: the compute's resource tracker refreshing its provider tree. */
function* inventories(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const q = yield* inst.cloud.db.query(inst, span, "select", "inventories");
  if (!q.ok) return okResponse(500, 300, "placement DB unavailable");
  yield inst.work(inst.op("get_inventories"));
  return okResponse(200, 1_200);
}

export function installPlacement(inst: ServiceInstance): void {
  route(inst, "GET /allocation_candidates", "allocation_candidates", true, candidates);
  route(inst, "PUT /allocations/{consumer}", "claim_resources", true, claim);
  route(inst, "DELETE /allocations/{consumer}", "delete_allocations", true, release);
  route(inst, "GET /resource_providers/{uuid}/inventories", "get_inventories", true, inventories);
}
