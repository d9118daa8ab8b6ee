// Nova's servicegroup (DB driver, nova/servicegroup/drivers/db.py): every nova service reports
// its state every report_interval (10 s), starting INITIAL_REPORTING_DELAY (5 s,
// nova/servicegroup/api.py) after the service starts, by saving its Service record
// (`service_ref.save()`). nova-conductor and nova-scheduler write the services row themselves;
// nova-compute has no database access, so its save is an RPC call to the conductor
// (object_action), and a MessagingTimeout just skips that report. A service whose last report is
// older than service_down_time (60 s) is down: the scheduler's ComputeFilter skips down hosts and
// nova-api deletes the instances of a down host locally.
//
// Each report is traced as its own background request (workflow `periodic-report-state`): no
// user request triggers it, so a tracer samples it as a new root (OSProfiler, which traces only
// triggered requests, never would). A crashed, frozen or cut-off service cannot report; a
// restarted one saves its record at once (Service.start) and reports on from there.
import { S } from "../kernel/index.ts";
import type { Simulation } from "../kernel/index.ts";
import { rpcCall } from "./calls.ts";
import type { ServiceInstance } from "./instance.ts";
import type { Outcome } from "./background.ts";
import type { Parent } from "./tracing.ts";
import { startBackground } from "./background.ts";

export const REPORT_INTERVAL_NS = 10 * S;
export const SERVICE_DOWN_TIME_NS = 60 * S;
/** nova/servicegroup/api.py INITIAL_REPORTING_DELAY. */
const INITIAL_REPORTING_DELAY_NS = 5 * S;

export const REPORT_STATE = "periodic-report-state";

export class ServiceGroup {
  private readonly sim: Simulation;
  private readonly reportIntervalNs: number;
  private readonly downTimeNs: number;
  /** Per host and service: virtual time of its last report that reached the database (`updated_at`). */
  private readonly lastSeen = new Map<string, number>();
  /** Reports that reached the database, for reports and tests. */
  reports = 0;

  constructor(sim: Simulation, reportIntervalNs = REPORT_INTERVAL_NS, downTimeNs = SERVICE_DOWN_TIME_NS) {
    this.sim = sim;
    this.reportIntervalNs = reportIntervalNs;
    this.downTimeNs = downTimeNs;
  }

  /**
   * Starts `inst`'s report loop: a FixedIntervalLoopingCall (oslo.service loopingcall) every
   * report_interval after INITIAL_REPORTING_DELAY. The service's start within its first
   * interval is drawn from `phase` (when each process was started is a deployment's accident;
   * drawing it keeps the services' reports from all landing on the same instants).
   */
  join(inst: ServiceInstance, phase: number): void {
    this.lastSeen.set(key(inst), this.sim.now);
    const interval = this.reportIntervalNs;
    const self = this;
    startBackground(inst, REPORT_STATE, "report_state", (first) => first ? Math.floor(phase * interval) + INITIAL_REPORTING_DELAY_NS : interval, (root) => self.report(inst, root), true);
  }

  /** One `service_ref.save()`: through the conductor for nova-compute, straight to the database otherwise. */
  private *report(inst: ServiceInstance, root: Parent): Generator<any, Outcome, any> {
    const cloud = inst.cloud;
    let ok: boolean;
    let error: string | undefined;
    if (inst.service === "nova-compute") {
      const r = yield* rpcCall(inst, root, { topic: "conductor" }, "object_action", { object: "Service", method: "save" }, {
        timeoutNs: cloud.topology.rpc.responseTimeoutNs,
        argsBytes: 600,
      });
      ok = r.ok;
      if (!r.result.ok) error = `${r.result.error.name}: ${r.result.error.message}`;
    } else {
      // Its own cell's database (a cell conductor), or the API-level one (cell0's).
      const q = yield* cloud.homeDb(inst).query(inst, root, "update", "services");
      ok = q.ok;
      if (!ok) error = "DBConnectionError";
    }
    if (ok) {
      this.reports++;
      this.lastSeen.set(key(inst), this.sim.now);
    }
    return ok ? { ok } : { ok, error: error ?? "report failed" };
  }

  /** servicegroup_api.service_is_up for the nova-compute on `host`: reported within service_down_time. */
  isUp(host: string): boolean {
    const seen = this.lastSeen.get(`nova-compute@${host}`);
    return seen !== undefined && this.sim.now - seen <= this.downTimeNs;
  }

  /** When the nova-compute on `host` last reported. */
  lastReport(host: string): number | undefined {
    return this.lastSeen.get(`nova-compute@${host}`);
  }
}

function key(inst: ServiceInstance): string {
  return `${inst.service}@${inst.host.name}`;
}
