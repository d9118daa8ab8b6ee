// Which target forms each fault kind accepts, and what a fault hits: its target resolved to
// instances, hosts, a link, operations, broker queues or a dependency. A form a kind cannot act
// on is refused here, with the path and what the kind takes, so that everything validation
// accepts has an effect a request can observe at its target (sim/faults/README.md lists the
// forms).
import type { Host } from "../net/index.ts";
import type { BrokerQueue, RpcMessage } from "../rpc/index.ts";
import { SHARED_TOPICS } from "../openstack/index.ts";
import type { Cloud, ServiceInstance } from "../openstack/index.ts";
import { FaultSpecError } from "./errors.ts";
import { isEmptyTarget, targetInstances, targetLink, targetOperations } from "./targets.ts";
import type { TargetLink, TargetOperation } from "./targets.ts";
import type { FaultSpec, FaultTarget, LimitName } from "./types.ts";

export interface Resolved {
  /** Processes hit (crash, freeze, limits, outages, queue consumers). */
  readonly instances: readonly ServiceInstance[];
  /** Whole hosts hit (a host crash or freeze, an isolation, a clock). */
  readonly hosts: readonly Host[];
  readonly link: TargetLink | null;
  /** A link fault acts on AMQP messages (one end is the broker's host) rather than on packets. */
  readonly amqp: boolean;
  readonly operations: readonly TargetOperation[];
  /** Broker queues hit; with `consumers`, only what they deliver to those consumers. */
  readonly queues: readonly BrokerQueue<RpcMessage>[];
  readonly consumers: readonly ServiceInstance[];
  /** The dependency service hit as a whole: "mysql", "memcached" or "rabbitmq". */
  readonly dependency: string | null;
  /** Services hit as a whole (every instance's process or pool), named as such in the ground truth. */
  readonly services: readonly string[];
}

/** The services a slow-dependency or an outage can name, by dependency. */
export const DEPENDENCY_SERVICE: Readonly<Record<string, string>> = { db: "mysql", cache: "memcached", broker: "rabbitmq" };

/** Operations that never fail in the model: the load generator's and the broker's routing. */
const NO_ERRORS: ReadonlySet<string> = new Set(["client", "rabbitmq"]);

const EMPTY: Resolved = { instances: [], hosts: [], link: null, amqp: false, operations: [], queues: [], consumers: [], dependency: null, services: [] };

/** The service named as a whole: a service without instance or host. */
function wholeService(t: FaultTarget): string[] {
  return t.service !== undefined && t.instance === undefined && t.host === undefined ? [t.service] : [];
}

function describe(t: FaultTarget): string {
  return JSON.stringify(t);
}

export function resolveTarget(cloud: Cloud, spec: FaultSpec, path: string): Resolved {
  const t = spec.target;
  const tp = `${path}.target`;
  if (t === null || typeof t !== "object") throw new FaultSpecError(tp, "missing target", "an object with service, instance, host, link or operation");
  const refuse = (problem: string, expected: string, at = tp): never => {
    throw new FaultSpecError(at, problem, expected);
  };
  const instances = targetInstances(cloud, t, tp);
  let link: TargetLink | null = null;
  if (t.link !== undefined) {
    if (t.service !== undefined || t.instance !== undefined || t.host !== undefined || t.operation !== undefined) {
      refuse("a link target cannot be combined with service, instance, host or operation", "either link alone or a service/instance/host/operation");
    }
    link = targetLink(cloud, t.link, tp);
  }
  const empty = isEmptyTarget(t);
  const kind = spec.kind;
  const noLink = (what: string): void => {
    if (link !== null) refuse(`a ${kind} fault does not act on a link`, what);
  };
  const noOperation = (what: string): void => {
    if (t.operation !== undefined) refuse(`a ${kind} fault does not act on an operation`, what, `${tp}.operation`);
  };
  const client = (list: readonly ServiceInstance[]): void => {
    const c = list.find((i) => i.service === "client");
    if (c !== undefined) refuse(`${c.name} is the load generator, not part of the cloud`, "a service, instance or host of the cloud");
  };

  switch (kind) {
    case "latency": {
      if (link !== null) {
        if (spec.growth !== undefined && "state" in spec.growth) refuse("revocation-events growth applies to Keystone, not to a link", "a target of service keystone (e.g. operation keystone.validate_token)", `${path}.growth.state`);
        return { ...EMPTY, link };
      }
      if (empty) refuse("a latency fault needs a target", "a service, instance, host, operation or link");
      const operations = targetOperations(cloud, t, instances, tp);
      if (operations.length === 0) refuse(`nothing in ${describe(t)} has operations`, "a target with operations");
      if (spec.growth !== undefined && "state" in spec.growth && !operations.some((o) => o.op.service === "keystone")) {
        refuse("revocation-events growth only applies to Keystone", "a target of service keystone (e.g. operation keystone.validate_token)", `${path}.growth.state`);
      }
      return { ...EMPTY, operations, dependency: dependencyOf(operations.map((o) => o.op.service)) };
    }
    case "error": {
      noLink("a service, instance, host or operation (errors are not injected on links; use message-loss or partition)");
      if (empty) refuse("an error fault needs a target", "a service, instance, host or operation");
      const all = targetOperations(cloud, t, instances, tp);
      if (t.operation !== undefined) {
        const bad = all.find((o) => NO_ERRORS.has(o.op.service));
        if (bad !== undefined) refuse(`${bad.op.key} cannot fail: ${bad.op.service === "client" ? "the client is the load generator" : "the broker's routing has no error path; use message-loss on its queues or links"}`, "an operation of a cloud service", `${tp}.operation`);
      }
      const operations = all.filter((o) => !NO_ERRORS.has(o.op.service));
      if (operations.length === 0) refuse(`nothing in ${describe(t)} has an operation that can fail`, "a service, instance or host running a cloud service");
      return { ...EMPTY, operations, dependency: dependencyOf(operations.map((o) => o.op.service)) };
    }
    case "crash":
    case "freeze": {
      noLink("a service, instance or host");
      noOperation("a service, instance or host (a process or machine, not an operation)");
      if (empty) refuse(`a ${kind} fault needs a target`, "a service, instance or host");
      if (t.host !== undefined && t.service === undefined && t.instance === undefined) {
        const host = cloud.host(t.host);
        if (host.role === "client") refuse(`${host.name} is the load generator's host, not part of the cloud`, "a host of the cloud");
        return { ...EMPTY, hosts: [host] };
      }
      client(instances);
      return { ...EMPTY, instances, dependency: wholeDependency(cloud, instances), services: wholeService(t) };
    }
    case "partition": {
      noOperation("a link or a host");
      if (link !== null) {
        if (spec.direction !== undefined) refuse("direction applies to a host target", `a one-way link "a->b" instead`, `${path}.direction`);
        return { ...EMPTY, link };
      }
      if (t.service !== undefined || t.instance !== undefined) refuse("a partition cuts hosts or links, not processes", `a host (${hostsOf(instances).join(", ")}) or a link "a<->b"`);
      if (empty) refuse("a partition fault needs a target", "a link or a host");
      return { ...EMPTY, hosts: [cloud.host(t.host!)] };
    }
    case "message-loss":
    case "message-delay":
    case "message-duplication": {
      noOperation("a link, or an RPC service, instance or host");
      if (link !== null) {
        const amqp = cloud.brokers.some((b) => link.from === b.host || link.to === b.host);
        if (kind === "message-duplication") {
          refuse("duplication is modelled on RPC queues: TCP delivers each segment once, and a copy reaching the same server is dropped by oslo.messaging's duplicate check", "an RPC service whose topic several servers share (service nova-conductor or nova-scheduler)");
        }
        return { ...EMPTY, link, amqp };
      }
      if (empty) refuse(`a ${kind} fault needs a target`, "a link, or an RPC service, instance or host");
      const servers = instances.filter((i) => i.rpcServer !== null);
      if (servers.length === 0) refuse(`nothing in ${describe(t)} consumes RPC messages`, "a link, or an RPC service/instance (nova-conductor, nova-scheduler, nova-compute) or a host running one");
      const whole = t.instance === undefined && t.host === undefined;
      if (whole) {
        const queues: BrokerQueue<RpcMessage>[] = [];
        for (const i of servers) for (const q of i.rpcServer!.subscriptions) if (!queues.includes(q)) queues.push(q);
        if (kind === "message-duplication" && !queues.some((q) => q.consumerCount > 1 && SHARED_TOPICS.includes(q.name))) {
          refuse(`${t.service}'s messages each go to one server, whose duplicate check drops the copy`, `an RPC service whose topic several servers share (${SHARED_TOPICS.map((x) => `nova-${x}`).join(" or ")})`);
        }
        return { ...EMPTY, queues };
      }
      if (kind === "message-duplication") refuse("a copy delivered to one server is dropped by its duplicate check (oslo.messaging's msg_id cache)", "the whole RPC service (e.g. service nova-conductor)");
      const queues: BrokerQueue<RpcMessage>[] = [];
      for (const i of servers) for (const q of i.rpcServer!.subscriptions) if (!queues.includes(q)) queues.push(q);
      return { ...EMPTY, queues, consumers: servers };
    }
    case "slow-dependency":
    case "cache-outage": {
      const service = kind === "cache-outage" ? "memcached" : DEPENDENCY_SERVICE[spec.dependency]!;
      noLink(`no target, or ${service}'s service, instance or host`);
      noOperation(`no target, or ${service}'s service, instance or host`);
      const hostOnly = t.host !== undefined && t.service === undefined && t.instance === undefined;
      const list = empty ? [...cloud.instances(service)] : hostOnly ? instances.filter((i) => i.service === service) : instances;
      const wrong = list.find((i) => i.service !== service);
      if (wrong !== undefined || list.length === 0) {
        refuse(`${kind === "cache-outage" ? "a cache outage" : `a slow ${spec.dependency}`} acts on ${service}, ${list.length === 0 ? `which does not run on ${t.host}` : `not on ${wrong!.name}`}`, `no target, or service ${service}, one of its instances (${cloud.instances(service).map((i) => i.name).join(", ")}) or its host`);
      }
      if (service === "rabbitmq" && cloud.brokers.length === 1 && list.length !== cloud.instances("rabbitmq").length) refuse("the broker is one", "no target, or service rabbitmq");
      return { ...EMPTY, instances: list, dependency: service, services: wholeService(t) };
    }
    case "limit": {
      noLink("a service, instance or host with the pool");
      noOperation("a service, instance or host with the pool");
      if (empty && spec.limit !== "db-threads") refuse(`a ${spec.limit} limit needs a target`, `a service, instance or host with ${POOL[spec.limit]}`);
      const list = empty ? [...cloud.instances("mysql")] : instances;
      const withPool = list.filter((i) => hasPool(i, spec.limit));
      if (withPool.length === 0) refuse(`nothing in ${describe(t)} has ${POOL[spec.limit]}`, HINT[spec.limit], `${path}.limit`);
      return { ...EMPTY, instances: withPool, dependency: spec.limit === "db-threads" ? "mysql" : null, services: wholeService(t) };
    }
    case "clock-skew": {
      noLink("a host, or a service or instance (its host's clock)");
      noOperation("a host, or a service or instance (its host's clock)");
      if (empty) refuse("a clock-skew fault needs a target", "a host, or a service or instance (its host's clock)");
      const hosts = t.host !== undefined && t.service === undefined && t.instance === undefined ? [cloud.host(t.host)] : uniqueHosts(instances);
      return { ...EMPTY, hosts };
    }
  }
}

const POOL: Readonly<Record<LimitName, string>> = {
  workers: "WSGI workers",
  "db-pool": "an oslo.db connection pool",
  "max-concurrent-builds": "max_concurrent_builds",
  executor: "an RPC executor",
  "db-threads": "database threads",
};

const HINT: Readonly<Record<LimitName, string>> = {
  workers: "an HTTP API service (keystone, nova-api, placement, glance, neutron, cinder, horizon); RPC services have an executor",
  "db-pool": "a service that queries the database (keystone, nova-api, nova-conductor, placement, glance, neutron, cinder)",
  "max-concurrent-builds": "nova-compute (a service, instance or compute host)",
  executor: "an RPC service (nova-conductor, nova-scheduler, nova-compute)",
  "db-threads": "the database (no target, service mysql or its host)",
};

export function hasPool(i: ServiceInstance, limit: LimitName): boolean {
  switch (limit) {
    case "workers": return i.workers !== null;
    case "db-pool": return i.dbPool !== null;
    case "max-concurrent-builds": return i.service === "nova-compute";
    case "executor": return i.rpcServer !== null;
    case "db-threads": return i.service === "mysql";
  }
}

function uniqueHosts(instances: readonly ServiceInstance[]): Host[] {
  const out: Host[] = [];
  for (const i of instances) if (!out.includes(i.host)) out.push(i.host);
  return out;
}

function hostsOf(instances: readonly ServiceInstance[]): string[] {
  return uniqueHosts(instances).map((h) => h.name);
}

const DEPENDENCIES: ReadonlySet<string> = new Set(["mysql", "memcached", "rabbitmq"]);

/** The dependency, when every service hit is that one dependency. */
function dependencyOf(services: readonly string[]): string | null {
  const set = new Set(services);
  if (set.size !== 1) return null;
  const [only] = set;
  return DEPENDENCIES.has(only!) ? only! : null;
}

/** The dependency, when the instances are every instance of one. */
function wholeDependency(cloud: Cloud, instances: readonly ServiceInstance[]): string | null {
  const dep = dependencyOf(instances.map((i) => i.service));
  return dep !== null && cloud.instances(dep).every((i) => instances.includes(i)) ? dep : null;
}
