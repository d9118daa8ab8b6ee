// How large a topology the model can build, checked before the cloud is built (building it is how
// names are found, so a billion replicas would hang `validate` itself). Sizes come from measuring
// `tracebed validate` (which builds the cloud once) on this machine; times and clock parameters
// share the scenario's bounds (sim/scenario/bounds.ts).
import type { ScenarioIssue } from "../scenario/errors.ts";
import type { PathSegment } from "../scenario/path.ts";
import { DRIFT_BOUND, DURATION_BOUND, formatCount, MAX_CLOCK_OFFSET_NS, MAX_DRIFT_PPM, MAX_DURATION_NS, MIN_DRIFT_PPM, OFFSET_BOUND } from "../scenario/bounds.ts";
import type { TopologyConfig } from "../openstack/index.ts";
import { compileDuration, DistributionError } from "../kernel/index.ts";

/**
 * Controller or compute hosts. Measured: building the cloud took 2.3 s and 177 MB with 1,000
 * computes, 7.1 s and 608 MB with 3,000, 70 s and 4.1 GB with 10,000 (the cost grows faster
 * than the count: links and per-host pools).
 */
export const MAX_HOSTS = 1000;
/** Instances of one service. Measured: 10,000 keystone replicas built in 3.0 s and 173 MB. */
export const MAX_REPLICAS = 10_000;
/** Keystone users, each with a token minted at build. Measured: 100,000 took 7.1 s and 691 MB; 1,000,000 took 72 s and 4.3 GB. */
export const MAX_KEYSTONE_USERS = 100_000;
/** Servers that exist at the start (computes × initialInstances). Measured: 250,000 built in 4.0 s and 363 MB. */
export const MAX_INITIAL_SERVERS = 250_000;

const where = (path: string): PathSegment[] => ["topology", "overrides", ...path.split(".")];

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Duration-valued fields of a distribution spec (lognormal mu/sigma and pareto shape are not durations). */
const DISTRIBUTION_TIMES = new Set(["value", "min", "max", "mean", "sd", "median", "p99", "scale"]);

/** Every duration inside a latency spec (a distribution, or a link {latency, loss, bandwidthBps}) at most MAX_DURATION_NS. */
function checkTimes(value: unknown, path: PathSegment[], issues: ScenarioIssue[]): void {
  if (Array.isArray(value)) return value.forEach((v, i) => checkTimes(v, [...path, i], issues));
  if (!isPlain(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "number" && DISTRIBUTION_TIMES.has(k) && !(Math.abs(v) <= MAX_DURATION_NS)) {
      issues.push({ path: [...path, k], message: `expected a duration ${DURATION_BOUND}, got ${v}` });
    } else if (typeof v === "object") checkTimes(v, [...path, k], issues);
  }
}

/** `.options[0].value` → ["options", 0, "value"]. */
function pathOf(suffix: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of suffix.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** A latency distribution the model would compile when it builds the cloud: its problems, at their paths. */
function checkDistribution(spec: unknown, path: PathSegment[], issues: ScenarioIssue[]): void {
  try {
    compileDuration(spec as Parameters<typeof compileDuration>[0], { path: "" });
  } catch (e) {
    if (!(e instanceof DistributionError)) throw e;
    issues.push({ path: [...path, ...pathOf(e.path)], message: e.message.replace(/^invalid distribution at [^:]*: /, "") });
  }
}

/** A link spec: a latency distribution, a loss probability, a bandwidth. */
function checkLink(spec: unknown, path: PathSegment[], issues: ScenarioIssue[]): void {
  if (!isPlain(spec)) {
    issues.push({ path, message: "expected a link {latency, loss?, bandwidthBps?}" });
    return;
  }
  checkDistribution(spec["latency"], [...path, "latency"], issues);
  const loss = spec["loss"];
  if (loss !== undefined && !(typeof loss === "number" && loss >= 0 && loss <= 1)) issues.push({ path: [...path, "loss"], message: `expected a probability from 0 to 1, got ${String(loss)}` });
  const bw = spec["bandwidthBps"];
  if (bw !== undefined && !(typeof bw === "number" && bw > 0 && Number.isFinite(bw))) issues.push({ path: [...path, "bandwidthBps"], message: `expected bytes per second greater than 0, got ${String(bw)}` });
}

/** The problems that make a topology too large (or its times too long) to build and run. */
export function topologyLimits(t: TopologyConfig, epochNs = 0n): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const atMost = (path: string, value: number, max: number, why: string): void => {
    if (!(value <= max)) issues.push({ path: where(path), message: `expected at most ${formatCount(max)} ${why}, got ${formatCount(value)}` });
  };
  atMost("hosts.controllers", t.hosts.controllers, MAX_HOSTS, "hosts (building the cloud grows faster than the host count: 10,000 took 70 s and 4 GB)");
  atMost("hosts.computes", t.hosts.computes, MAX_HOSTS, "hosts (building the cloud grows faster than the host count: 10,000 took 70 s and 4 GB)");
  for (const [service, cfg] of Object.entries(t.services)) {
    atMost(`services.${service}.replicas`, cfg.replicas, MAX_REPLICAS, "instances of a service");
  }
  atMost("keystone.users", t.keystone.users, MAX_KEYSTONE_USERS, "users (each gets a token when the cloud is built: 1,000,000 took 72 s and 4 GB)");
  if (issues.length === 0) {
    const servers = t.hosts.computes * t.compute.initialInstances;
    if (servers > MAX_INITIAL_SERVERS) {
      issues.push({ path: where("compute.initialInstances"), message: `${formatCount(t.compute.initialInstances)} per compute host on ${t.hosts.computes} hosts are ${formatCount(servers)} servers at the start; expected at most ${formatCount(MAX_INITIAL_SERVERS)} in all` });
    }
  }
  const validation = t.keystone.revocationEvents * t.keystone.nsPerRevocationEvent;
  if (!(validation <= MAX_DURATION_NS)) {
    issues.push({ path: where("keystone.revocationEvents"), message: `revocationEvents × nsPerRevocationEvent is ${formatCount(validation)} ns per token validation; expected a duration ${DURATION_BOUND}` });
  }
  // Outside the open tables (which follow): every number is a count, a pool size or a time in
  // ns, all whole (a pool of 2.5 workers or 1e-300 slots is no pool the kernel can build), and
  // every field in ns (timeoutNs, tokenCacheTtlNs, …) within the duration bound.
  const walk = (node: Record<string, unknown> | unknown[], path: PathSegment[]): void => {
    for (const [key, v] of Object.entries(node)) {
      const k: PathSegment = Array.isArray(node) ? Number(key) : key;
      const here = (): PathSegment[] => ["topology", "overrides", ...path, k];
      if (typeof v === "number") {
        if (!Number.isInteger(v)) issues.push({ path: here(), message: `expected a whole number, got ${v}` });
        else if (typeof k === "string" && k.endsWith("Ns") && !(Math.abs(v) <= MAX_DURATION_NS)) issues.push({ path: here(), message: `expected a duration ${DURATION_BOUND}, got ${v}` });
      } else if ((isPlain(v) || Array.isArray(v)) && !(path.length === 0 && (k === "latency" || k === "network")) && !(path.length === 1 && k === "clocks")) walk(v, [...path, k]);
    }
  };
  walk(t as unknown as Record<string, unknown>, []);
  // The open tables: per-host clocks, links, per-operation latencies.
  for (const [host, clock] of Object.entries(t.hosts.clocks)) {
    const at = ["topology", "overrides", "hosts", "clocks", host];
    if (!isPlain(clock)) continue;
    const offset = clock["offsetNs"];
    if (offset !== undefined && (typeof offset !== "number" || !(Math.abs(offset) <= MAX_CLOCK_OFFSET_NS))) {
      issues.push({ path: [...at, "offsetNs"], message: `expected a clock offset ${OFFSET_BOUND}, got ${String(offset)}` });
    } else if (typeof offset === "number" && offset < 0 && BigInt(-Math.round(offset)) > epochNs) {
      // Exported times count from the epoch and cannot go before Unix time 0 (Jaeger's and OTLP's times are unsigned).
      issues.push({ path: [...at, "offsetNs"], message: `this clock would read before 1970-01-01T00:00:00Z with the scenario's epoch, which exported traces cannot hold; use a later epoch or a smaller offset` });
    }
    const drift = clock["driftPpm"];
    if (drift !== undefined && (typeof drift !== "number" || !(drift > MIN_DRIFT_PPM && drift <= MAX_DRIFT_PPM))) {
      issues.push({ path: [...at, "driftPpm"], message: `expected a drift ${DRIFT_BOUND}, got ${String(drift)}` });
    }
  }
  const network = t.network as unknown as Record<string, unknown>;
  for (const key of ["defaultLink", "loopback", "clientLink", "links"]) checkTimes(network[key], ["topology", "overrides", "network", key], issues);
  checkTimes(t.latency, ["topology", "overrides", "latency"], issues);
  if (issues.length > 0) return issues;
  // The model compiles these when it builds the cloud; a bad one is the user's, with its path.
  for (const key of ["defaultLink", "loopback", "clientLink"]) checkLink(network[key], ["topology", "overrides", "network", key], issues);
  const links = network["links"];
  if (isPlain(links)) for (const [name, spec] of Object.entries(links)) checkLink(spec, ["topology", "overrides", "network", "links", name], issues);
  for (const [op, spec] of Object.entries(t.latency)) checkDistribution(spec, ["topology", "overrides", "latency", op], issues);
  return issues;
}
