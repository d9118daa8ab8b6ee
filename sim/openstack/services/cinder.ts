// A Cinder-like volume service: the volume list Horizon shows and the limits the overview asks for.
import type { Span } from "../../../tracer/index.ts";
import type { HttpRequest } from "../../net/index.ts";
import type { HandlerResponse, ServiceInstance } from "../instance.ts";
import { okResponse, route } from "./registry.ts";

function* volumes(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("list_volumes"));
  const q = yield* inst.cloud.db.query(inst, span, "select", "volumes");
  return q.ok ? okResponse(200, 8_000) : okResponse(500, 300, "cinder DB unavailable");
}

function* limits(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("show_limits"));
  const q = yield* inst.cloud.db.query(inst, span, "select", "quotas");
  return q.ok ? okResponse(200, 1_000) : okResponse(500, 300, "cinder DB unavailable");
}

export function installCinder(inst: ServiceInstance): void {
  route(inst, "GET /v3/volumes/detail", "list_volumes", true, volumes);
  route(inst, "GET /v3/limits", "show_limits", true, limits);
}
