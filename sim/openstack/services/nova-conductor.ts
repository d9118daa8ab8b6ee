// nova-conductor: schedule_and_build_instances (a long select_destinations call to the
// scheduler with a heartbeat monitor, the cell DB writes, then a cast to the chosen compute
// host), and the instance.save()/destroy() calls computes make because they have no DB access.
// With several cells, schedule_and_build_instances runs on a super conductor, which writes the
// instance into the chosen host's cell database and casts through that cell's queue
// (nova/conductor/manager.py: `with obj_target_cell(instance, cell)` around the create, then
// compute_rpcapi.build_and_run_instance); the computes' calls reach their cell's conductors,
// which use their cell's database.
import type { Span } from "../../../tracer/index.ts";
import type { HandlerResult, RpcMessage } from "../../rpc/index.ts";
import { rpcCall, rpcCast } from "../calls.ts";
import type { ServiceInstance } from "../instance.ts";
import { joinServiceGroup, serveRpc } from "./registry.ts";

interface IdArgs {
  readonly id: string;
}

function* scheduleAndBuild(inst: ServiceInstance, msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  const cloud = inst.cloud;
  const { id } = msg.args as IdArgs;
  yield inst.work(inst.op("schedule_and_build_instances"));
  const rec = cloud.servers.get(id);
  if (rec === undefined) return { ok: false, error: `InstanceNotFound: ${id}` };
  const rpc = cloud.topology.rpc;
  const sel = yield* rpcCall(inst, span, { topic: "scheduler" }, "select_destinations", { id }, {
    timeoutNs: rpc.longTimeoutNs,
    monitorNs: rpc.callMonitorNs,
  });
  if (!sel.result.ok || typeof sel.result.value !== "string") {
    rec.state = "ERROR";
    yield* cloud.db.query(inst, span, "update", "cell0.instances");
    return { ok: false, error: sel.result.ok ? "NoValidHost" : sel.result.error.message };
  }
  const host = sel.result.value;
  rec.host = host;
  const cell = cloud.cellOf(host);
  const created = yield* cell.db.query(inst, span, "insert", `${cell.name}.instances`);
  if (!created.ok) {
    rec.state = "ERROR";
    return { ok: false, error: "DBConnectionError" };
  }
  yield* cloud.db.query(inst, span, "delete", "build_requests");
  yield* rpcCast(inst, span, { topic: "compute", server: host }, "build_and_run_instance", { id }, cell.broker);
  return { ok: true };
}

function* instanceUpdate(inst: ServiceInstance, _msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  yield inst.work(inst.op("instance_update"));
  const cell = inst.cloud.conductorCell(inst);
  const q = yield* cell.db.query(inst, span, "update", `${cell.name}.instances`);
  return q.ok ? { ok: true } : { ok: false, error: "DBConnectionError" };
}

function* instanceDestroy(inst: ServiceInstance, _msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  yield inst.work(inst.op("instance_destroy"));
  const cell = inst.cloud.conductorCell(inst);
  const q = yield* cell.db.query(inst, span, "delete", `${cell.name}.instances`);
  return q.ok ? { ok: true } : { ok: false, error: "DBConnectionError" };
}

/** Versioned objects a compute saves through the conductor (nova/conductor/manager.py object_action): one row update. */
const SAVED_TABLES: Readonly<Record<string, string>> = { Service: "services", ComputeNode: "compute_nodes" };

function* objectAction(inst: ServiceInstance, msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  yield inst.work(inst.op("object_action"));
  const table = SAVED_TABLES[(msg.args as { object?: string }).object ?? ""] ?? "services";
  const q = yield* inst.cloud.conductorCell(inst).db.query(inst, span, "update", table);
  return q.ok ? { ok: true } : { ok: false, error: "DBConnectionError" };
}

/**
 * Object lists a compute asks the conductor for (object_class_action_versions): one query, on a
 * replica when the compute asked with use_slave=True.
 */
function* objectClassAction(inst: ServiceInstance, msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  yield inst.work(inst.op("object_class_action_versions"));
  const args = msg.args as { objname?: string; use_slave?: boolean };
  const cell = inst.cloud.conductorCell(inst);
  const table = args.objname === "MigrationList" ? "migrations" : `${cell.name}.instances`;
  const q = yield* cell.db.query(inst, span, "select", table, { useSlave: args.use_slave === true });
  return q.ok ? { ok: true, bytes: 2_000 } : { ok: false, error: "DBConnectionError" };
}

export function installConductor(inst: ServiceInstance): void {
  serveRpc(inst, "conductor", {
    schedule_and_build_instances: scheduleAndBuild,
    instance_update: instanceUpdate,
    instance_destroy: instanceDestroy,
    object_action: objectAction,
    object_class_action_versions: objectClassAction,
  }, inst.cloud.topology.services["nova-conductor"].workers);
  joinServiceGroup(inst);
}
