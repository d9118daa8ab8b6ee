// Helpers services use to declare their HTTP routes and RPC endpoints on an instance.
import { RpcServer } from "../../rpc/index.ts";
import type { HttpHandler, ServiceInstance } from "../instance.ts";
import { rpcDispatcher } from "../serve.ts";
import type { RpcEndpoint, RpcMethod } from "../serve.ts";

/** Declares `route` ("GET /v2.1/servers/detail"), handled as operation `op`, behind keystonemiddleware if `auth`. */
export function route(inst: ServiceInstance, routeName: string, op: string, auth: boolean, handler: HttpHandler): void {
  inst.routes.set(routeName, { route: routeName, op: inst.op(op), auth, handler });
}

/** Starts an RPC server for `topic` on this instance's queue (server name = its host, as Nova uses). */
export function serveRpc(inst: ServiceInstance, topic: string, methods: Record<string, RpcMethod>, executorSize: number): void {
  const table = new Map<string, RpcEndpoint>();
  for (const [name, handler] of Object.entries(methods)) table.set(name, { op: inst.op(name), handler });
  inst.rpcServer = new RpcServer(inst.broker, inst.host, inst.group, {
    topic,
    server: inst.host.name,
    executorSize,
    handler: rpcDispatcher(inst, topic, table),
  });
}

/** Starts the instance's servicegroup reports, at a start phase drawn from its own background stream. */
export function joinServiceGroup(inst: ServiceInstance): void {
  inst.cloud.serviceGroup.join(inst, inst.backgroundStream.next());
}

/** A plain success response with a body of `bytes`. */
export function okResponse(status: number, bodyBytes: number, body?: unknown) {
  return body === undefined ? { status, bodyBytes } : { status, bodyBytes, body };
}
