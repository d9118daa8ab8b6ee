// nova-compute: build_and_run_instance under the max_concurrent_builds semaphore — claim,
// network allocation concurrently with image preparation (download on a cache miss), spawn,
// then the wait for network-vif-plugged (vif_plugging_timeout, fatal) and the ACTIVE save —
// plus terminate_instance and the external event that releases the wait. Every instance.save()
// is an RPC call to the conductor, because computes have no DB access.
import type { Span } from "../../../tracer/index.ts";
import { Resource } from "../../kernel/index.ts";
import type { HandlerResult, RpcMessage } from "../../rpc/index.ts";
import { allOk, fanout, httpCall, rpcCall, rpcCast } from "../calls.ts";
import type { Step } from "../calls.ts";
import type { ServiceInstance } from "../instance.ts";
import type { ServerRecord, VifOutcome } from "../state.ts";
import type { Parent } from "../tracing.ts";
import { joinServiceGroup, serveRpc } from "./registry.ts";
import { startPeriodicTasks } from "../background.ts";
import type { Outcome } from "../background.ts";

/** Per compute instance: the build semaphore. */
const builds = new WeakMap<ServiceInstance, Resource>();

export function buildSemaphore(inst: ServiceInstance): Resource {
  const r = builds.get(inst);
  if (r === undefined) throw new Error(`${inst.name} is not a nova-compute instance`);
  return r;
}

function* save(inst: ServiceInstance, span: Span, id: string, task: string): Generator<any, boolean, any> {
  const s = yield* rpcCall(inst, span, { topic: "conductor" }, "instance_update", { id, task }, {
    timeoutNs: inst.cloud.topology.rpc.responseTimeoutNs,
  });
  return s.ok;
}

function* prepareImage(inst: ServiceInstance, c: Parent, rec: ServerRecord): Generator<any, Step, any> {
  const cloud = inst.cloud;
  const token = cloud.serviceToken;
  let ctx = c;
  const meta = yield* httpCall(inst, ctx, "glance", "GET", `/v2/images/img-${rec.image}`, "GET /v2/images/{id}", { token });
  if (meta.ctx !== null) ctx = meta.ctx;
  if (!meta.ok) return meta;
  const cache = cloud.imageCache.get(inst.host.name)!;
  if (cache.has(rec.image)) return meta;
  const dl = yield* httpCall(inst, ctx, "glance", "GET", `/v2/images/img-${rec.image}/file`, "GET /v2/images/{id}/file", {
    token,
    body: { image: rec.image },
    timeoutNs: 600_000_000_000,
  });
  if (dl.ok) cache.add(rec.image);
  return dl;
}

function* build(inst: ServiceInstance, msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  const cloud = inst.cloud;
  const sim = inst.sim;
  const { id } = msg.args as { id: string };
  const rec = cloud.servers.get(id);
  if (rec === undefined) return { ok: false, error: `InstanceNotFound: ${id}` };
  // A build that waited in the queue while this compute was down was put into ERROR by
  // init_host on restart; its client has seen ERROR, so it is not built after all.
  if (rec.state !== "BUILD") return { ok: false, error: `InstanceInvalidState: ${id} is ${rec.state}` };
  const sem = buildSemaphore(inst);
  const slot = sem.request();
  if (!slot.triggered) {
    const since = sim.now;
    yield slot;
    inst.dequeued(span, "max_concurrent_builds", sim.now - since);
  }
  let error: string | null = null;
  try {
    const vif = sim.event<VifOutcome>();
    rec.vif = vif;
    yield inst.work(inst.op("build_and_run_instance"));
    if (!(yield* save(inst, span, id, "networking"))) error = "instance.save failed";
    if (error === null) {
      const prep = yield* fanout(inst, span, [
        (c: Parent) => httpCall(inst, c, "neutron", "POST", "/v2.0/ports", "POST /v2.0/ports", {
          token: cloud.serviceToken,
          body: { id, host: inst.host.name },
          bodyBytes: 600,
        }),
        (c: Parent) => prepareImage(inst, c, rec),
      ]);
      if (!allOk(prep)) error = "BuildAbortException: network or image preparation failed";
    }
    if (error === null && !(yield* save(inst, span, id, "spawning"))) error = "instance.save failed";
    if (error === null) {
      const spawnOp = inst.op("spawn");
      yield inst.work(spawnOp);
      error = spawnOp.failure(inst);
    }
    if (error === null) {
      if (!vif.triggered) sim.schedule(cloud.topology.compute.vifPluggingTimeoutNs, () => {
        if (!vif.triggered) vif.succeed("timeout");
      }, true);
      const since = sim.now;
      const got: VifOutcome = yield vif;
      if (got === "timeout") {
        cloud.counters.vifTimeouts++;
        inst.waited(span, "timeout network-vif-plugged", "timeout", sim.now - since);
        error = "VirtualInterfaceCreateException: timed out waiting for network-vif-plugged";
      } else if (got === "failed") {
        // vif_plugging_is_fatal (default True): a failed event fails the build.
        error = "VirtualInterfaceCreateException: network-vif-plugged failed";
      } else span.join(got);
    }
    if (error === null && !(yield* save(inst, span, id, "active"))) error = "instance.save failed";
  } finally {
    sem.release(slot);
  }
  rec.vif = null;
  if (error !== null) {
    rec.state = "ERROR";
    cloud.counters.buildsFailed++;
    yield* httpCall(inst, span, "placement", "DELETE", `/allocations/${id}`, "DELETE /allocations/{consumer}", {
      token: cloud.serviceToken,
      body: { id },
    });
    return { ok: false, error };
  }
  // ACTIVE, but it joins the pool others may delete only once its creator has seen it.
  rec.state = "ACTIVE";
  // _update_scheduler_instance_info: every scheduler learns of the new instance (fanout cast),
  // unless track_instance_changes is off (send_instance_updates).
  if (cloud.topology.compute.trackInstanceChanges) yield* rpcCast(inst, span, { topic: "scheduler", fanout: true }, "update_instance_info", { host: inst.host.name, id });
  return { ok: true };
}

function* terminate(inst: ServiceInstance, msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  const cloud = inst.cloud;
  const { id } = msg.args as { id: string };
  yield inst.work(inst.op("terminate_instance"));
  const token = cloud.serviceToken;
  const steps = yield* fanout(inst, span, [
    (c: Parent) => httpCall(inst, c, "neutron", "DELETE", `/v2.0/ports/${id}`, "DELETE /v2.0/ports/{id}", { token }),
    (c: Parent) => httpCall(inst, c, "placement", "DELETE", `/allocations/${id}`, "DELETE /allocations/{consumer}", { token, body: { id } }),
  ]);
  const destroyed = yield* rpcCall(inst, span, { topic: "conductor" }, "instance_destroy", { id }, {
    timeoutNs: cloud.topology.rpc.responseTimeoutNs,
  });
  if (destroyed.ok) {
    cloud.servers.remove(id);
    // _delete_scheduler_instance_info: every scheduler forgets it (fanout cast), if tracked.
    if (cloud.topology.compute.trackInstanceChanges) yield* rpcCast(inst, span, { topic: "scheduler", fanout: true }, "delete_instance_info", { host: inst.host.name, id });
  }
  return allOk(steps) && destroyed.ok ? { ok: true } : { ok: false, error: "terminate failed" };
}

function* externalEvent(inst: ServiceInstance, msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  yield inst.work(inst.op("external_instance_event"));
  const args = msg.args as { id: string; status?: string };
  const rec = inst.cloud.servers.get(args.id);
  const vif = rec?.vif;
  if (vif === undefined || vif === null || vif.triggered) return { ok: true };
  if (args.status === "failed") {
    vif.succeed("failed");
    return { ok: true };
  }
  // The waiting build continues from here: give it its own share of this context.
  vif.succeed(span.fork(1)[0]!);
  return { ok: true };
}

/**
 * ComputeManager.init_host after a restart, before the RPC server consumes anything:
 * `_init_instance` puts instances of this host stuck in BUILDING (a build the crash
 * interrupted) into ERROR, and `_error_out_instances_whose_build_was_interrupted` does the same
 * for builds scheduled here that never got to run (their casts wait in this host's queue);
 * instances whose terminate_instance the crash lost (task_state deleting) are deleted.
 */
function initHost(inst: ServiceInstance): void {
  const cloud = inst.cloud;
  for (const rec of cloud.servers.onHost(inst.host.name)) {
    if (rec.state === "BUILD") {
      rec.state = "ERROR";
      rec.vif = null;
      cloud.counters.buildsInterrupted++;
    } else if (rec.terminating && rec.state === "DELETING") {
      // Local bookkeeping only: the port and allocation deletes of this path are not modelled.
      cloud.placement.release(rec.id);
      cloud.servers.remove(rec.id);
    }
  }
}

/** A conductor call for a versioned object, as the resource tracker's objects make them. */
function* conductor(inst: ServiceInstance, root: Span, method: string, args: object): Generator<any, boolean, any> {
  const r = yield* rpcCall(inst, root, { topic: "conductor" }, method, args, { timeoutNs: inst.cloud.topology.rpc.responseTimeoutNs });
  return r.ok;
}

/**
 * ComputeManager.update_available_resource → ResourceTracker.update_available_resource
 * (nova/compute/resource_tracker.py): the virt driver's view of the host, the instances and
 * in-progress migrations on this node (InstanceList.get_by_host_and_node,
 * MigrationList.get_in_progress_by_host_and_node, both through the conductor), the compute
 * node saved (ComputeNode.save, through the conductor) and the provider refreshed in Placement
 * (the report client's provider tree; one inventories read stands for it here, an estimate).
 */
function* updateAvailableResource(inst: ServiceInstance, root: Span): Generator<any, Outcome, any> {
  yield inst.work(inst.op("update_available_resource"));
  const host = inst.host.name;
  if (!(yield* conductor(inst, root, "object_class_action_versions", { objname: "InstanceList", host }))) return { ok: false, error: "InstanceList.get_by_host_and_node failed" };
  if (!(yield* conductor(inst, root, "object_class_action_versions", { objname: "MigrationList", host }))) return { ok: false, error: "MigrationList.get_in_progress_by_host_and_node failed" };
  if (!(yield* conductor(inst, root, "object_action", { object: "ComputeNode", method: "save" }))) return { ok: false, error: "ComputeNode.save failed" };
  const p = yield* httpCall(inst, root, "placement", "GET", `/resource_providers/rp-${host}/inventories`, "GET /resource_providers/{uuid}/inventories", { token: inst.cloud.serviceToken });
  return p.ok ? { ok: true } : { ok: false, error: `placement: ${p.resp.error ?? p.resp.status}` };
}

/**
 * ComputeManager._sync_scheduler_instance_info: this host's instance uuids
 * (InstanceList.get_by_host(..., use_slave=True), through the conductor: a replica's read),
 * fanout-cast to every scheduler (sync_instance_info), so their HostManager's view cannot drift.
 * With track_instance_changes off the task returns at once (`if not self.send_instance_updates`),
 * so it is not started at all here.
 */
function* syncSchedulerInstanceInfo(inst: ServiceInstance, root: Span): Generator<any, Outcome, any> {
  const host = inst.host.name;
  if (!(yield* conductor(inst, root, "object_class_action_versions", { objname: "InstanceList", host, use_slave: true }))) return { ok: false, error: "InstanceList.get_by_host failed" };
  yield* rpcCast(inst, root, { topic: "scheduler", fanout: true }, "sync_instance_info", { host });
  return { ok: true };
}

export function installCompute(inst: ServiceInstance): void {
  const t = inst.cloud.topology;
  joinServiceGroup(inst);
  startPeriodicTasks(inst, [
    { workflow: "periodic-sync-instance-info", name: "_sync_scheduler_instance_info", spacingNs: t.compute.trackInstanceChanges ? t.compute.schedulerInstanceSyncIntervalNs : -1, body: (root) => syncSchedulerInstanceInfo(inst, root) },
    { workflow: "periodic-update-available-resource", name: "update_available_resource", spacingNs: t.compute.updateResourcesIntervalNs, body: (root) => updateAvailableResource(inst, root) },
  ], t.compute.periodicFuzzyDelayNs, inst.backgroundStream);
  inst.group.onChange((e) => {
    if (e === "restart") initHost(inst);
  });
  builds.set(inst, new Resource(inst.sim, { capacity: t.compute.maxConcurrentBuilds, name: `${inst.name}.max_concurrent_builds` }));
  serveRpc(inst, "compute", {
    build_and_run_instance: build,
    terminate_instance: terminate,
    external_instance_event: externalEvent,
  }, t.services["nova-compute"].workers);
}
