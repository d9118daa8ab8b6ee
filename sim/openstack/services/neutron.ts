// neutron-server: networks, ports, floating IPs, and port create/delete. Creating a bound port
// starts the L2 agent's wiring; when it is done Neutron tells Nova (POST
// /os-server-external-events network-vif-plugged), continuing the create's trace.
import type { Span, SpanContext } from "../../../tracer/index.ts";
import type { HttpRequest } from "../../net/index.ts";
import { httpCall } from "../calls.ts";
import type { HandlerResponse, ServiceInstance } from "../instance.ts";
import { okResponse, route } from "./registry.ts";

function reader(op: string, table: string, bytes: number) {
  return function* (inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
    yield inst.work(inst.op(op));
    const q = yield* inst.cloud.db.query(inst, span, "select", table);
    return q.ok ? okResponse(200, bytes) : okResponse(500, 300, "neutron DB unavailable");
  };
}

function* createPort(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("create_port"));
  const q = yield* inst.cloud.db.query(inst, span, "insert", "ports");
  if (!q.ok) return okResponse(500, 300, "neutron DB unavailable");
  const { id } = req.body as { id: string };
  // The binding continues asynchronously: hand it a forked share of this request's context.
  const ctx = span.fork(1)[0]!;
  inst.group.spawn(notifyVifPlugged(inst, id, ctx), `${inst.name}:vif-plug`);
  return okResponse(201, 1_500);
}

/**
 * The L2 agent binds the port; when the port's status changes Neutron tells Nova. A binding that
 * fails (an injected error on neutron.port_binding) leaves the port in ERROR, and Neutron's
 * notifier sends network-vif-plugged with status "failed" (neutron/notifiers/nova.py maps port
 * status ERROR to event status failed), which fails a build waiting for it.
 */
function* notifyVifPlugged(inst: ServiceInstance, id: string, ctx: SpanContext): Generator<any, void, any> {
  const op = inst.op("port_binding");
  yield inst.work(op);
  const failed = op.failure(inst);
  const span = inst.startSpan("notify network-vif-plugged", ctx, "producer");
  yield* httpCall(inst, span, "nova-api", "POST", "/v2.1/os-server-external-events", "POST /v2.1/os-server-external-events", {
    token: inst.cloud.serviceToken,
    body: { id, status: failed === null ? "completed" : "failed" },
    bodyBytes: 300,
  });
  if (failed !== null) span.setStatus("error", `port binding failed: ${failed}`);
  span.end();
}

function* deletePort(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("delete_port"));
  const q = yield* inst.cloud.db.query(inst, span, "delete", "ports");
  return q.ok ? okResponse(204, 0) : okResponse(500, 300, "neutron DB unavailable");
}

export function installNeutron(inst: ServiceInstance): void {
  route(inst, "GET /v2.0/networks", "list_networks", true, reader("list_networks", "networks", 6_000));
  route(inst, "GET /v2.0/ports", "list_ports", true, reader("list_ports", "ports", 10_000));
  route(inst, "GET /v2.0/floatingips", "list_floatingips", true, reader("list_floatingips", "floatingips", 3_000));
  route(inst, "POST /v2.0/ports", "create_port", true, createPort);
  route(inst, "DELETE /v2.0/ports/{id}", "delete_port", true, deletePort);
}
