// nova-api: the synchronous API phase of server create (image, networks and flavor checked in
// parallel, quota check and BuildRequest written, cast to the conductor, 202), list (API-DB
// mapping lookup, then a scatter-gather over the cells), show, delete (cast to the compute
// host), flavors, tenant usage, and the external-events endpoint Neutron calls. An instance's
// records live in its host's cell: nova-api reads and writes that cell's database and casts to
// its compute through that cell's queue (the instance mapping names the cell; nova/context.py
// target_cell), and a list or a usage report gathers from every cell (scatter_gather_cells).
import type { Span } from "../../../tracer/index.ts";
import type { HttpRequest } from "../../net/index.ts";
import { allOk, fanout, httpCall, rpcCast } from "../calls.ts";
import type { Database } from "../database.ts";
import type { HandlerResponse, ServiceInstance } from "../instance.ts";
import type { ServerRecord } from "../state.ts";
import type { Parent } from "../tracing.ts";
import { okResponse, route } from "./registry.ts";

interface ServerBody {
  readonly id?: string;
  readonly image?: number;
  /** An external event's status ("completed" or "failed"). */
  readonly status?: string;
}

function body(req: HttpRequest): ServerBody {
  return (req.body as ServerBody | undefined) ?? {};
}

function* create(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const cloud = inst.cloud;
  const token = req.headers["x-auth-token"];
  const image = body(req).image ?? 0;
  yield inst.work(inst.op("create_server"));
  const checks = yield* fanout(inst, span, [
    (c: Parent) => httpCall(inst, c, "glance", "GET", `/v2/images/img-${image}`, "GET /v2/images/{id}", { token }),
    (c: Parent) => httpCall(inst, c, "neutron", "GET", "/v2.0/networks?shared=true", "GET /v2.0/networks", { token }),
    (c: Parent) => cloud.db.query(inst, c, "select", "flavors"),
  ]);
  if (!allOk(checks)) return okResponse(checks[2]!.ok ? 400 : 500, 300, "validation failed");
  const quota = yield* cloud.db.query(inst, span, "select", "quota_usages");
  if (!quota.ok) return okResponse(500, 300, "quota check failed");
  const write = yield* cloud.db.query(inst, span, "insert", "build_requests");
  if (!write.ok) return okResponse(500, 300, "build request not saved");
  const rec = cloud.servers.create(image);
  yield* rpcCast(inst, span, { topic: "conductor" }, "schedule_and_build_instances", { id: rec.id });
  return okResponse(202, 1_200, { id: rec.id });
}

/** Where an instance's record is: its host's cell, or (not yet scheduled) the BuildRequest in the API database. */
function instanceRecord(cloud: ServiceInstance["cloud"], rec: ServerRecord): { db: Database; table: string } {
  if (rec.host !== null) {
    const cell = cloud.cellOf(rec.host);
    return { db: cell.db, table: `${cell.name}.instances` };
  }
  // The single-cell model has always read cell1 here; several cells make the difference visible.
  return cloud.multiCell ? { db: cloud.db, table: "build_requests" } : { db: cloud.cells[0]!.db, table: "cell1.instances" };
}

function* list(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const cloud = inst.cloud;
  const db = cloud.db;
  yield inst.work(inst.op("list_servers"));
  const mappings = yield* db.query(inst, span, "select", "instance_mappings");
  if (!mappings.ok) return okResponse(500, 300, "API DB unavailable");
  const cells = yield* fanout(inst, span, [
    (c: Parent) => db.query(inst, c, "select", "cell0.instances"),
    ...cloud.cells.map((cell) => (c: Parent) => cell.db.query(inst, c, "select", `${cell.name}.instances`)),
  ]);
  return allOk(cells) ? okResponse(200, 20_000) : okResponse(500, 300, "cell DB unavailable");
}

function* show(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const cloud = inst.cloud;
  yield inst.work(inst.op("show_server"));
  const mapping = yield* cloud.db.query(inst, span, "select", "instance_mappings");
  if (!mapping.ok) return okResponse(500, 300, "API DB unavailable");
  const rec = cloud.servers.get(body(req).id ?? "");
  if (rec === undefined) return okResponse(404, 200);
  const token = req.headers["x-auth-token"];
  const where = instanceRecord(cloud, rec);
  const parts = yield* fanout(inst, span, [
    (c: Parent) => where.db.query(inst, c, "select", where.table),
    (c: Parent) => httpCall(inst, c, "neutron", "GET", `/v2.0/ports?device_id=${rec.id}`, "GET /v2.0/ports", { token }),
  ]);
  if (!allOk(parts)) return okResponse(500, 300, "instance lookup failed");
  return okResponse(200, 2_500, { status: rec.state });
}

function* remove(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const cloud = inst.cloud;
  yield inst.work(inst.op("delete_server"));
  const mapping = yield* cloud.db.query(inst, span, "select", "instance_mappings");
  if (!mapping.ok) return okResponse(500, 300, "API DB unavailable");
  const rec = cloud.servers.get(body(req).id ?? "");
  if (rec === undefined || rec.host === null) return okResponse(404, 200);
  // compute API _delete: a down compute service (no report within service_down_time) means a
  // local delete; otherwise the delete is cast to the compute, which does it when it can.
  if (!cloud.serviceGroup.isUp(rec.host)) return yield* localDelete(inst, span, rec.id, token(req), rec.host);
  const cell = cloud.cellOf(rec.host);
  const upd = yield* cell.db.query(inst, span, "update", `${cell.name}.instances`);
  if (!upd.ok) return okResponse(500, 300, "cell DB unavailable");
  rec.terminating = true;
  yield* rpcCast(inst, span, { topic: "compute", server: rec.host }, "terminate_instance", { id: rec.id }, cell.broker);
  return okResponse(204, 0);
}

function token(req: HttpRequest): string | undefined {
  return req.headers["x-auth-token"];
}

/** _local_delete: ports and allocations released from the API, the instance destroyed in the DB. */
function* localDelete(inst: ServiceInstance, span: Span, id: string, tok: string | undefined, host: string): Generator<any, HandlerResponse, any> {
  const cloud = inst.cloud;
  const cell = cloud.cellOf(host);
  cloud.counters.localDeletes++;
  const steps = yield* fanout(inst, span, [
    (c: Parent) => httpCall(inst, c, "neutron", "DELETE", `/v2.0/ports/${id}`, "DELETE /v2.0/ports/{id}", { token: tok }),
    (c: Parent) => httpCall(inst, c, "placement", "DELETE", `/allocations/${id}`, "DELETE /allocations/{consumer}", { token: cloud.serviceToken, body: { id } }),
  ]);
  const destroyed = yield* cell.db.query(inst, span, "delete", `${cell.name}.instances`);
  if (!allOk(steps) || !destroyed.ok) return okResponse(500, 300, "local delete failed");
  cloud.servers.remove(id);
  return okResponse(204, 0);
}

function* flavors(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  yield inst.work(inst.op("list_flavors"));
  const q = yield* inst.cloud.db.query(inst, span, "select", "flavors");
  return q.ok ? okResponse(200, 4_000) : okResponse(500, 300, "API DB unavailable");
}

function* tenantUsage(inst: ServiceInstance, _req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const cells = inst.cloud.cells;
  yield inst.work(inst.op("tenant_usage"));
  if (cells.length === 1) {
    const q = yield* cells[0]!.db.query(inst, span, "select", `${cells[0]!.name}.instances`);
    return q.ok ? okResponse(200, 3_000) : okResponse(500, 300, "cell DB unavailable");
  }
  const qs = yield* fanout(inst, span, cells.map((cell) => (c: Parent) => cell.db.query(inst, c, "select", `${cell.name}.instances`)));
  return allOk(qs) ? okResponse(200, 3_000) : okResponse(500, 300, "cell DB unavailable");
}

function* externalEvents(inst: ServiceInstance, req: HttpRequest, span: Span): Generator<any, HandlerResponse, any> {
  const cloud = inst.cloud;
  yield inst.work(inst.op("external_events"));
  const q = yield* cloud.db.query(inst, span, "select", "instance_mappings");
  if (!q.ok) return okResponse(500, 300, "API DB unavailable");
  const rec = cloud.servers.get(body(req).id ?? "");
  if (rec === undefined || rec.host === null) return okResponse(404, 200);
  yield* rpcCast(inst, span, { topic: "compute", server: rec.host }, "external_instance_event", { id: rec.id, name: "network-vif-plugged", status: body(req).status ?? "completed" }, cloud.cellOf(rec.host).broker);
  return okResponse(200, 300);
}

export function installNovaApi(inst: ServiceInstance): void {
  route(inst, "POST /v2.1/servers", "create_server", true, create);
  route(inst, "GET /v2.1/servers/detail", "list_servers", true, list);
  route(inst, "GET /v2.1/servers/{id}", "show_server", true, show);
  route(inst, "DELETE /v2.1/servers/{id}", "delete_server", true, remove);
  route(inst, "GET /v2.1/flavors/detail", "list_flavors", true, flavors);
  route(inst, "GET /v2.1/os-simple-tenant-usage/{project}", "tenant_usage", true, tenantUsage);
  route(inst, "POST /v2.1/os-server-external-events", "external_events", true, externalEvents);
}
