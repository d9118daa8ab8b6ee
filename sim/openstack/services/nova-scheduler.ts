// nova-scheduler: select_destinations asks Placement for allocation candidates, runs the
// filters and weighers, then claims on the best host, moving on to the next candidate when the
// claim conflicts (max_attempts = 3).
import type { Span } from "../../../tracer/index.ts";
import type { HandlerResult, RpcMessage } from "../../rpc/index.ts";
import { httpCall } from "../calls.ts";
import type { ServiceInstance } from "../instance.ts";
import { joinServiceGroup, serveRpc } from "./registry.ts";

const MAX_ATTEMPTS = 3;

function* selectDestinations(inst: ServiceInstance, msg: RpcMessage, span: Span): Generator<any, HandlerResult, any> {
  const cloud = inst.cloud;
  const { id } = msg.args as { id: string };
  const token = cloud.serviceToken;
  const cands = yield* httpCall(inst, span, "placement", "GET", "/allocation_candidates?resources=VCPU:1,MEMORY_MB:512", "GET /allocation_candidates", { token });
  if (!cands.ok) return { ok: false, error: `placement: ${cands.resp.error ?? cands.resp.status}` };
  yield inst.work(inst.op("select_destinations"));
  // ComputeFilter: only hosts whose nova-compute reported within service_down_time.
  const group = cloud.serviceGroup;
  const hosts = ((cands.resp.body as string[] | undefined) ?? []).filter((h) => group.isUp(h));
  for (let i = 0; i < hosts.length && i < MAX_ATTEMPTS; i++) {
    const claim = yield* httpCall(inst, span, "placement", "PUT", `/allocations/${id}`, "PUT /allocations/{consumer}", {
      token,
      body: { id, host: hosts[i] },
      bodyBytes: 400,
    });
    if (claim.ok) return { ok: true, value: hosts[i], bytes: 200 };
    if (claim.resp.status !== 409) return { ok: false, error: `placement: ${claim.resp.error ?? claim.resp.status}` };
  }
  cloud.counters.noValidHost++;
  return { ok: false, error: "NoValidHost: No valid host was found." };
}

/**
 * The computes' instance updates, fanout casts to every scheduler (nova/scheduler/rpcapi.py
 * update_instance_info, delete_instance_info, sync_instance_info: prepare(fanout=True)); the
 * HostManager keeps them in memory.
 */
function hostState(op: string) {
  return function* (inst: ServiceInstance, _msg: RpcMessage, _span: Span): Generator<any, HandlerResult, any> {
    yield inst.work(inst.op(op));
    return { ok: true };
  };
}

export function installScheduler(inst: ServiceInstance): void {
  serveRpc(inst, "scheduler", {
    select_destinations: selectDestinations,
    update_instance_info: hostState("update_instance_info"),
    delete_instance_info: hostState("delete_instance_info"),
    sync_instance_info: hostState("sync_instance_info"),
  }, inst.cloud.topology.services["nova-scheduler"].workers);
  joinServiceGroup(inst);
}
