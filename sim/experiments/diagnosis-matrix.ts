// The diagnosis matrix's cells: fault kinds and target forms × severities × seeds, plus
// fault-free controls, on the cloud of scenarios/matrix.yaml. Each form rotates its target
// with the seed, so no result rests on one component; severities are the same fault made
// weaker or stronger. The parameters are choices, set against the model's own scales (a
// typical operation takes a few ms, a call between hosts about 0.15 ms, an RPC round trip
// about 1 ms, a server create a few seconds).
export type Severity = "mild" | "medium" | "strong";
export const SEVERITIES: readonly Severity[] = ["mild", "medium", "strong"];

/** A fault as a scenario file writes it (without at/for, which the matrix sets). */
export type FaultObject = Readonly<Record<string, unknown>>;

export interface FaultForm {
  /** `kind/target-form`, e.g. `latency/operation`. */
  readonly id: string;
  readonly about: string;
  fault(severity: Severity, seed: number): FaultObject;
}

export interface MatrixCell {
  readonly id: string;
  /** The form's id, or "control". */
  readonly form: string;
  readonly severity: Severity | "control";
  readonly seed: number;
  readonly fault: FaultObject | null;
}

const pick = <T>(list: readonly T[], seed: number): T => list[seed % list.length]!;
const by = <T>(severity: Severity, values: readonly [T, T, T]): T => values[SEVERITIES.indexOf(severity)]!;

/** Operations whose work the model times, across services (`service.operation`). */
const OPERATIONS = ["glance.list_images", "neutron.list_ports", "nova-api.list_servers", "keystone.validate_token", "placement.allocation_candidates"];
const SERVICES = ["glance", "neutron", "keystone", "nova-api", "placement"];
const INSTANCES = ["neutron-2", "keystone-1", "nova-api-1", "glance-1", "placement-2"];
const API_INSTANCES = ["keystone-2", "neutron-1", "nova-api-2", "placement-1", "glance-1"];
const COMPUTE_HOSTS = ["compute-1", "compute-2", "compute-3", "compute-4"];
const CONTROLLERS = ["controller-1", "controller-2"];
const CONTROLLERS_ALL = ["controller-1", "controller-2", "controller-3"];
const BROKER_LINKS = ["controller-1<->broker-1", "controller-2<->broker-1", "compute-1<->broker-1", "compute-3<->broker-1"];
const LINKS = ["controller-1<->controller-2", "controller-2<->db-1", "controller-3<->controller-1", "controller-1<->db-1"];
const RPC_SERVICES = ["nova-conductor", "nova-scheduler", "nova-compute"];

export const FORMS: readonly FaultForm[] = [
  {
    id: "latency/operation",
    about: "added latency on one operation of one service, every instance",
    fault: (s, seed) => ({ kind: "latency", target: { operation: pick(OPERATIONS, seed) }, add: by(s, ["2ms", "10ms", "40ms"]) }),
  },
  {
    id: "latency/service",
    about: "added latency on every operation of a service",
    fault: (s, seed) => ({ kind: "latency", target: { service: pick(SERVICES, seed) }, add: by(s, ["2ms", "10ms", "40ms"]) }),
  },
  {
    id: "latency/instance",
    about: "added latency on every operation of one instance",
    fault: (s, seed) => ({ kind: "latency", target: { instance: pick(INSTANCES, seed) }, add: by(s, ["2ms", "10ms", "40ms"]) }),
  },
  {
    id: "error/operation",
    about: "a share of one operation's calls fail",
    fault: (s, seed) => ({ kind: "error", target: { operation: pick(OPERATIONS, seed) }, probability: by(s, [0.02, 0.1, 0.4]) }),
  },
  {
    id: "error/instance",
    about: "a share of one instance's calls fail",
    fault: (s, seed) => ({ kind: "error", target: { instance: pick(INSTANCES, seed) }, probability: by(s, [0.02, 0.1, 0.4]) }),
  },
  {
    id: "crash/instance",
    about: "one API instance crashes (its process refuses connections) and restarts",
    fault: (s, seed) => ({ kind: "crash", target: { instance: pick(API_INSTANCES, seed) }, for: by(s, ["5s", "15s", "40s"]) }),
  },
  {
    id: "crash/host",
    about: "a compute host crashes and restarts",
    fault: (s, seed) => ({ kind: "crash", target: { host: pick(COMPUTE_HOSTS, seed) }, for: by(s, ["5s", "15s", "40s"]) }),
  },
  {
    id: "freeze/instance",
    about: "one API instance stops making progress, then thaws",
    fault: (s, seed) => ({ kind: "freeze", target: { instance: pick(API_INSTANCES, seed) }, for: by(s, ["1s", "5s", "20s"]) }),
  },
  {
    id: "partition/link",
    about: "a link between two hosts is cut, then heals",
    fault: (s, seed) => ({ kind: "partition", target: { link: pick(LINKS, seed) }, for: by(s, ["2s", "10s", "40s"]) }),
  },
  {
    id: "partition/broker-link",
    about: "a host's link to the broker is cut, then heals",
    fault: (s, seed) => ({ kind: "partition", target: { link: pick(BROKER_LINKS, seed) }, for: by(s, ["2s", "10s", "40s"]) }),
  },
  {
    id: "message-loss/link",
    about: "a share of the messages on a host's link to the broker is lost",
    fault: (s, seed) => ({ kind: "message-loss", target: { link: pick(BROKER_LINKS, seed) }, probability: by(s, [0.05, 0.2, 0.5]) }),
  },
  {
    id: "message-loss/queue",
    about: "a share of the messages through an RPC service's queues is lost",
    fault: (s, seed) => ({ kind: "message-loss", target: { service: pick(RPC_SERVICES, seed) }, probability: by(s, [0.05, 0.2, 0.5]) }),
  },
  {
    id: "message-delay/queue",
    about: "messages through an RPC service's queues are delayed",
    fault: (s, seed) => ({ kind: "message-delay", target: { service: pick(RPC_SERVICES, seed) }, delay: by(s, ["20ms", "100ms", "400ms"]) }),
  },
  {
    id: "message-delay/link",
    about: "messages on a link between two hosts are delayed",
    fault: (s, seed) => ({ kind: "message-delay", target: { link: pick(LINKS, seed) }, delay: by(s, ["2ms", "10ms", "40ms"]) }),
  },
  {
    id: "slow-dependency/db",
    about: "every database query is slower",
    fault: (s) => ({ kind: "slow-dependency", target: { service: "mysql" }, dependency: "db", add: by(s, ["1ms", "4ms", "15ms"]) }),
  },
  {
    id: "slow-dependency/cache",
    about: "every memcached call is slower",
    fault: (s) => ({ kind: "slow-dependency", target: { service: "memcached" }, dependency: "cache", add: by(s, ["1ms", "4ms", "15ms"]) }),
  },
  {
    id: "slow-dependency/broker",
    about: "every message through the broker is slower",
    fault: (s) => ({ kind: "slow-dependency", target: { service: "rabbitmq" }, dependency: "broker", add: by(s, ["20ms", "100ms", "400ms"]) }),
  },
  {
    id: "cache-outage",
    about: "memcached goes away and comes back empty",
    fault: (s) => ({ kind: "cache-outage", target: { service: "memcached" }, for: by(s, ["5s", "15s", "40s"]) }),
  },
  {
    id: "limit/workers",
    about: "an API service's workers are limited",
    fault: (s, seed) => ({ kind: "limit", target: { service: pick(SERVICES, seed) }, limit: "workers", value: by(s, [4, 2, 1]) }),
  },
  {
    id: "limit/db-pool",
    about: "an API instance's database connection pool is limited",
    fault: (s, seed) => ({ kind: "limit", target: { instance: pick(INSTANCES, seed) }, limit: "db-pool", value: by(s, [3, 2, 1]) }),
  },
  {
    id: "clock-skew/host",
    about: "a controller's clock jumps",
    fault: (s, seed) => ({ kind: "clock-skew", target: { host: pick(CONTROLLERS, seed) }, offsetNs: by(s, ["-1ms", "-10ms", "-100ms"]) }),
  },
];

/**
 * Fault forms the matrix does not have (other operations, services, instances, hosts and links,
 * and other kinds of target), run beside it so that its accuracy is not only that of the forms
 * the diagnosis was developed on.
 */
export const HELD_OUT_FORMS: readonly FaultForm[] = [
  {
    id: "latency/other-operation",
    about: "added latency on an operation the matrix's latency forms do not pick",
    fault: (s, seed) => ({ kind: "latency", target: { operation: pick(["nova-api.show_server", "neutron.create_port", "glance.show_image", "cinder.show_limits", "keystone.issue_token"], seed) }, add: by(s, ["2ms", "10ms", "40ms"]) }),
  },
  {
    id: "latency/rpc-instance",
    about: "added latency on every operation of one conductor or scheduler",
    fault: (s, seed) => ({ kind: "latency", target: { instance: pick(["nova-conductor-1", "nova-scheduler-2", "nova-conductor-2", "nova-scheduler-1"], seed) }, add: by(s, ["2ms", "10ms", "40ms"]) }),
  },
  {
    id: "latency/host",
    about: "added latency on every operation of every process on a controller",
    fault: (s, seed) => ({ kind: "latency", target: { host: pick(CONTROLLERS_ALL, seed) }, add: by(s, ["2ms", "10ms", "40ms"]) }),
  },
  {
    id: "error/service",
    about: "a share of every operation of a service fails",
    fault: (s, seed) => ({ kind: "error", target: { service: pick(["cinder", "neutron", "glance", "nova-api", "keystone"], seed) }, probability: by(s, [0.02, 0.1, 0.4]) }),
  },
  {
    id: "error/rpc-operation",
    about: "a share of one RPC operation's calls fail",
    fault: (s, seed) => ({ kind: "error", target: { operation: pick(["nova-conductor.instance_update", "nova-scheduler.select_destinations", "nova-conductor.object_class_action_versions"], seed) }, probability: by(s, [0.02, 0.1, 0.4]) }),
  },
  {
    id: "crash/rpc-instance",
    about: "one conductor or scheduler crashes and restarts",
    fault: (s, seed) => ({ kind: "crash", target: { instance: pick(["nova-conductor-1", "nova-scheduler-2", "nova-conductor-2", "nova-scheduler-1"], seed) }, for: by(s, ["5s", "15s", "40s"]) }),
  },
  {
    id: "freeze/host",
    about: "a compute host stops making progress, then thaws",
    fault: (s, seed) => ({ kind: "freeze", target: { host: pick(COMPUTE_HOSTS, seed) }, for: by(s, ["1s", "5s", "20s"]) }),
  },
  {
    id: "partition/compute-link",
    about: "a compute's link to a controller is cut, then heals",
    fault: (s, seed) => ({ kind: "partition", target: { link: pick(["compute-1<->controller-1", "compute-2<->controller-2", "compute-3<->controller-1", "compute-4<->controller-2"], seed) }, for: by(s, ["2s", "10s", "40s"]) }),
  },
  {
    id: "message-delay/instance",
    about: "every delivery from one compute's queues is delayed",
    fault: (s, seed) => ({ kind: "message-delay", target: { instance: pick(["nova-compute-1", "nova-compute-2", "nova-compute-3", "nova-compute-4"], seed) }, delay: by(s, ["20ms", "100ms", "400ms"]) }),
  },
];

/** Seeds of the held-out forms' cells. */
export const HELD_OUT_SEEDS = [1, 2, 3];

/** The held-out forms' cells (no controls: the matrix has them). */
export function heldOutCells(): MatrixCell[] {
  return matrixCells(HELD_OUT_FORMS, HELD_OUT_SEEDS, []);
}

/** Seeds of the fault cells (each form × severity) and of the controls. */
export const MATRIX_SEEDS = [1, 2, 3, 4, 5];
export const CONTROL_SEEDS = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

/** The fault starts and ends here; the diagnosis compares [warm-up, start) with [start, end). */
export const FAULT_AT = "50s";
export const FAULT_FOR = "40s";

/** The matrix's cells; other seeds give held-out runs of the same forms (targets rotate with the seed). */
export function matrixCells(forms: readonly FaultForm[] = FORMS, seeds: readonly number[] = MATRIX_SEEDS, controlSeeds: readonly number[] = CONTROL_SEEDS): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const f of forms) {
    for (const severity of SEVERITIES) {
      for (const seed of seeds) {
        const spec = f.fault(severity, seed);
        // A fault that sets its own duration (a crash that restarts) keeps it; the window stays 40 s.
        const fault = { ...spec, at: FAULT_AT, for: spec["for"] ?? FAULT_FOR };
        cells.push({ id: `${f.id}:${severity}:${seed}`, form: f.id, severity, seed, fault });
      }
    }
  }
  for (const seed of controlSeeds) cells.push({ id: `control:${seed}`, form: "control", severity: "control", seed, fault: null });
  return cells;
}

/**
 * The runs the fault cells' effects are measured against: each seed's matrix cloud without the
 * fault (a fault draws from its own random stream, so everything else happens alike).
 */
export function withoutFaultCells(seeds: readonly number[] = MATRIX_SEEDS): MatrixCell[] {
  return seeds.map((seed) => ({ id: `without-fault:${seed}`, form: "without fault", severity: "control", seed, fault: null }));
}
