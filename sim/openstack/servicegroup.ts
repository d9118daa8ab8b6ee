// Nova's servicegroup (DB driver): every nova-compute reports its state every report_interval
// (10 s) through the conductor; a service whose last report is older than service_down_time
// (60 s) is down. The scheduler's ComputeFilter skips down hosts and nova-api deletes the
// instances of a down host locally instead of casting to it. Reports are a timer per service,
// not traced requests (OSProfiler does not trace periodic tasks).
import { S } from "../kernel/index.ts";
import type { Simulation } from "../kernel/index.ts";
import type { Broker } from "../rpc/index.ts";
import type { ServiceInstance } from "./instance.ts";

export const REPORT_INTERVAL_NS = 10 * S;
export const SERVICE_DOWN_TIME_NS = 60 * S;

export class ServiceGroup {
  private readonly sim: Simulation;
  private readonly broker: Broker;
  private readonly reportIntervalNs: number;
  private readonly downTimeNs: number;
  /** Per host: virtual time of the service's last report (its `updated_at`). */
  private readonly lastSeen = new Map<string, number>();
  /** Reports that got through, for reports and tests. */
  reports = 0;

  constructor(sim: Simulation, broker: Broker, reportIntervalNs = REPORT_INTERVAL_NS, downTimeNs = SERVICE_DOWN_TIME_NS) {
    this.sim = sim;
    this.broker = broker;
    this.reportIntervalNs = reportIntervalNs;
    this.downTimeNs = downTimeNs;
  }

  /** Starts `inst`'s report loop; a crash stops it, a restart reports at once and starts it again. */
  join(inst: ServiceInstance): void {
    const host = inst.host.name;
    this.lastSeen.set(host, this.sim.now);
    const group = inst.group;
    const loop = (): void => {
      const life = group.incarnation;
      const tick = (): void => {
        if (group.incarnation !== life || group.down) return;
        this.report(inst);
        this.sim.schedule(this.reportIntervalNs, tick);
      };
      this.sim.schedule(this.reportIntervalNs, tick);
    };
    loop();
    group.onChange((e) => {
      if (e !== "restart") return;
      this.report(inst);
      loop();
    });
  }

  /** The report goes through the conductor to the DB: a stopped or cut-off service cannot make it. */
  private report(inst: ServiceInstance): void {
    if (inst.group.down || inst.group.frozen || !this.broker.reachableFrom(inst.host)) return;
    this.reports++;
    this.lastSeen.set(inst.host.name, this.sim.now);
  }

  /** servicegroup_api.service_is_up: reported within service_down_time. */
  isUp(host: string): boolean {
    const seen = this.lastSeen.get(host);
    return seen !== undefined && this.sim.now - seen <= this.downTimeNs;
  }

  lastReport(host: string): number | undefined {
    return this.lastSeen.get(host);
  }
}
