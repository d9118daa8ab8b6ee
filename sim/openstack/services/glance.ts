// Glance: image list and show (its registry DB), and the image download a compute host does
// on the first boot of an image (the bytes cross the link).
import type { Span } from "../../../tracer/index.ts";
import type { HttpRequest } from "../../net/index.ts";
import type { HandlerResponse, ServiceInstance } from "../instance.ts";
import { okResponse, route } from "./registry.ts";

function* list(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("list_images"));
  const q = yield* inst.cloud.db.query(inst, span, "select", "images");
  return q.ok ? okResponse(200, 30_000) : okResponse(500, 300, "glance DB unavailable");
}

function* show(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("show_image"));
  const q = yield* inst.cloud.db.query(inst, span, "select", "images");
  return q.ok ? okResponse(200, 2_000) : okResponse(500, 300, "glance DB unavailable");
}

function* download(inst: ServiceInstance, req: HttpRequest, _span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("download_image"));
  const sizes = inst.cloud.topology.compute.imageBytes;
  const image = (req.body as { image?: number } | undefined)?.image ?? 0;
  return okResponse(200, sizes[image] ?? sizes[0] ?? 0);
}

export function installGlance(inst: ServiceInstance): void {
  route(inst, "GET /v2/images", "list_images", true, list);
  route(inst, "GET /v2/images/{id}", "show_image", true, show);
  route(inst, "GET /v2/images/{id}/file", "download_image", true, download);
}
