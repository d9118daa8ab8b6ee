// Checks that need more than a value's type: times inside the run, names the model knows, and
// the work a run is asked for (sim/scenario/bounds.ts).
import { formatCount, MAX_REQUESTS, MAX_WINDOWS } from "./bounds.ts";
import { distributionMean } from "./distribution.ts";
import { parseEpoch } from "../../tracer/export/epoch.ts";
import { formatNs } from "./duration.ts";
import type { ScenarioIssue } from "./errors.ts";
import type { ScenarioInput } from "./schema.ts";
import { didYouMean } from "./suggest.ts";

/** Names a scenario may refer to, as the model defines them for the chosen topology. */
export interface ValidNames {
  readonly services: readonly string[];
  /** Service instances ("keystone-1"); empty means they are not enumerated. */
  readonly instances?: readonly string[];
  readonly hosts: readonly string[];
  readonly workflows: readonly string[];
  /** Operations faults may target, per service; an empty table means they are not enumerated. */
  readonly operations: Readonly<Record<string, readonly string[]>>;
}

/** At most this many valid names are listed in a message. */
const LIST_LIMIT = 12;

export function listNames(valid: readonly string[]): string {
  return valid.length <= LIST_LIMIT ? valid.join(", ") : `${valid.slice(0, LIST_LIMIT).join(", ")}, … (${valid.length - LIST_LIMIT} more)`;
}

type Generator = ScenarioInput["workload"][number];

/**
 * The requests a generator is set to issue, as its rates and window promise: an open loop's rate
 * integrated over its window; a closed loop's users each issuing a request per mean think time at
 * most (responses take time too, so this is an upper estimate; a think time of 0 gives no estimate).
 */
export function promisedRequests(g: Generator, duration: number): number {
  const stop = Math.min(duration, g.stop ?? duration);
  if (stop <= g.start) return 0;
  if (g.type === "open") {
    let total = 0;
    let rate = g.rate;
    let from = g.start;
    for (const c of g.changes) {
      if (c.at > from) {
        total += (rate * (Math.min(c.at, stop) - from)) / 1e9;
        from = Math.min(c.at, stop);
      }
      rate = c.rate;
    }
    return total + (rate * Math.max(0, stop - from)) / 1e9;
  }
  const users = Math.max(g.users, ...g.changes.map((c) => c.users));
  const think = distributionMean(g.think);
  return Math.max(users, think > 0 && Number.isFinite(think) ? (users * (stop - g.start)) / think : 0);
}

const BUDGET = `a run can simulate at most ${formatCount(MAX_REQUESTS)} (about 100 kernel events each at ~40,000 events per wall second: 7 hours)`;

export function semanticIssues(s: ScenarioInput, names: ValidNames): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const end = s.duration;
  const name = (path: (string | number)[], value: string, valid: readonly string[], what: string, atKey = false): void => {
    if (valid.length > 0 && !valid.includes(value)) {
      const hint = didYouMean(value, valid);
      issues.push({ path, atKey, message: `unknown ${what} "${value}"${hint}${hint === "" || valid.length <= LIST_LIMIT ? `; expected one of ${listNames(valid)}` : ""}` });
    }
  };
  const within = (path: (string | number)[], at: number, what: string): void => {
    if (at >= end) issues.push({ path, message: `${what} at ${formatNs(at)} is outside the run, which lasts ${formatNs(end)}` });
  };

  if (s.warmup >= end) issues.push({ path: ["warmup"], message: `the warm-up (${formatNs(s.warmup)}) must end before the run does (${formatNs(end)})` });

  s.workload.forEach((g, i) => {
    const seen = s.workload.findIndex((o) => o.name === g.name);
    if (seen !== i) issues.push({ path: ["workload", i, "name"], message: `duplicate generator name "${g.name}" (also workload[${seen}])` });
    for (const wf of Object.keys(g.mix).sort()) name(["workload", i, "mix", wf], wf, names.workflows, "workflow", true);
    within(["workload", i, "start"], g.start, "the generator's start");
    if (g.stop !== undefined && g.stop <= g.start) {
      issues.push({ path: ["workload", i, "stop"], message: `stop (${formatNs(g.stop)}) must come after start (${formatNs(g.start)})` });
    }
    let previous = -1;
    g.changes.forEach((c, j) => {
      within(["workload", i, "changes", j, "at"], c.at, "this load change");
      if (c.at <= previous) issues.push({ path: ["workload", i, "changes", j, "at"], message: "load changes must be in increasing time order" });
      previous = c.at;
    });
  });

  // The work asked for: requests (per generator, then all together) and report windows.
  const promised = s.workload.map((g) => promisedRequests(g, end));
  promised.forEach((n, i) => {
    if (n > MAX_REQUESTS) {
      const g = s.workload[i]!;
      const path = g.type === "open" ? ["workload", i, "rate"] : ["workload", i, "users"];
      const how = g.type === "open" ? "its rate over its window" : "its users, each issuing a request per mean think time";
      issues.push({ path, message: `this generator would issue about ${formatCount(n)} requests (${how}); ${BUDGET}` });
    }
  });
  const total = promised.reduce((a, b) => a + b, 0);
  if (total > MAX_REQUESTS && promised.every((n) => n <= MAX_REQUESTS)) {
    issues.push({ path: ["workload"], message: `the generators together would issue about ${formatCount(total)} requests; ${BUDGET}` });
  }
  if (s.report.periods === "windows") {
    const windows = Math.ceil(Math.max(0, end - s.warmup) / s.report.window);
    if (windows > MAX_WINDOWS) {
      issues.push({
        path: ["report", "window"],
        message: `${formatNs(s.report.window)} windows over ${formatNs(end - s.warmup)} make ${formatCount(windows)} periods; expected at most ${MAX_WINDOWS} (names w000–w999, a latency entry per workflow and window in summary.json): use a window of at least ${formatNs(Math.ceil((end - s.warmup) / MAX_WINDOWS))}`,
      });
    }
  }

  // A clock set back past the epoch would read before 1970 (Unix time 0), which Jaeger's and
  // OTLP's times cannot hold: overlapping skews add up, so their negative offsets are summed.
  const epochNs = parseEpoch(s.epoch) ?? 0n;
  let back = 0n;
  s.faults.forEach((f, i) => {
    if (f.kind !== "clock-skew" || f.offsetNs === undefined || f.offsetNs >= 0 || back > epochNs) return;
    back += BigInt(-f.offsetNs);
    if (back > epochNs) {
      issues.push({ path: ["faults", i, "offsetNs"], message: `with the epoch ${s.epoch}, clocks set back by ${formatNs(Number(back))} in all would read before 1970-01-01T00:00:00Z, which exported traces cannot hold; use a later epoch or a smaller offset` });
    }
  });

  s.faults.forEach((f, i) => {
    const at = ["faults", i];
    within([...at, "at"], f.at, "the fault's start");
    if (f.for !== undefined && f.at < end && f.at + f.for > end) {
      issues.push({
        path: [...at, "for"],
        message: `the fault ends at ${formatNs(f.at + f.for)}, after the run ends at ${formatNs(end)}; shorten "for" or omit it to last until the end`,
      });
    }
    const t = f.target;
    if (t.service !== undefined) name([...at, "target", "service"], t.service, names.services, "service");
    if (t.instance !== undefined) name([...at, "target", "instance"], t.instance, names.instances ?? [], "instance");
    if (t.host !== undefined) name([...at, "target", "host"], t.host, names.hosts, "host");
    if (t.link !== undefined) {
      const ends = /^(.+?)(<->|->)(.+)$/.exec(t.link);
      if (ends === null) issues.push({ path: [...at, "target", "link"], message: `expected a link "a<->b" (both ways) or "a->b" (one way), got "${t.link}"` });
      else for (const end of [ends[1]!, ends[3]!]) name([...at, "target", "link"], end, names.hosts, "host");
    }
    // A bare operation with an instance or host is checked by the model, which knows what runs where.
    const placed = t.service === undefined && (t.instance !== undefined || t.host !== undefined);
    if (t.operation !== undefined && Object.keys(names.operations).length > 0 && !(placed && !t.operation.includes("."))) {
      const dot = t.operation.indexOf(".");
      const qualified = dot > 0 && names.operations[t.operation.slice(0, dot)] !== undefined;
      const service = qualified ? t.operation.slice(0, dot) : t.service;
      const op = qualified ? t.operation.slice(dot + 1) : t.operation;
      if (service !== undefined) {
        const ops = names.operations[service];
        if (ops !== undefined) name([...at, "target", "operation"], op, ops, `operation of ${service}`);
      } else {
        const all = Object.entries(names.operations).flatMap(([svc, ops]) => ops.map((o) => `${svc}.${o}`)).sort();
        name([...at, "target", "operation"], t.operation, all, "operation");
      }
    }
    // A dependency fault, an outage and a database-threads limit may leave the target empty
    // (the dependency as a whole); the model's check refuses an empty target for other limits.
    const mayBeEmpty = f.kind === "cache-outage" || f.kind === "slow-dependency" || f.kind === "limit";
    if (t.service === undefined && t.instance === undefined && t.host === undefined && t.link === undefined && t.operation === undefined && !mayBeEmpty) {
      issues.push({ path: [...at, "target"], message: `a ${f.kind} fault needs a target: service, instance, host, link or operation` });
    }
  });

  s.expect.culprits.forEach((c, i) => {
    if (c.service !== undefined) name(["expect", "culprits", i, "service"], c.service, names.services, "service");
    if (c.instance !== undefined) name(["expect", "culprits", i, "instance"], c.instance, names.instances ?? [], "instance");
    if (c.host !== undefined) name(["expect", "culprits", i, "host"], c.host, names.hosts, "host");
    if (c.link !== undefined) {
      const ends = /^(.+?)<->(.+)$/.exec(c.link);
      if (ends === null) issues.push({ path: ["expect", "culprits", i, "link"], message: `expected a link "a<->b", got "${c.link}"` });
      else for (const end of [ends[1]!, ends[2]!]) name(["expect", "culprits", i, "link"], end, names.hosts, "host");
    }
  });
  s.expect.slo.forEach((o, i) => name(["expect", "slo", i, "workflow"], o.workflow, names.workflows, "workflow"));
  return issues;
}
