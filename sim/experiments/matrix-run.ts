// One cell of the diagnosis matrix: the matrix cloud with the cell's fault (or none), run to
// the end; its own diagnosis (the ranking summary.json carries) and two baselines, all read
// from the same kept traces of the same two windows, scored against the ground truth.
import { readFileSync } from "node:fs";
import type { Trace } from "../../tracer/index.ts";
import { asOf, diagnoseProfiles, newCatalogs, profileWindow } from "../../tracer/analysis/diagnose/index.ts";
import type { TraceProfile } from "../../tracer/analysis/diagnose/index.ts";
import { componentLabel } from "../../tracer/analysis/diagnose/components.ts";
import type { Component } from "../../tracer/analysis/diagnose/components.ts";
import { parseDuration, Simulation } from "../kernel/index.ts";
import { buildCloud, validNames } from "../openstack/index.ts";
import type { TopologyConfig } from "../openstack/index.ts";
import { defaultCatalog, defaultModel, ScenarioRun } from "../run/index.ts";
import type { RunOptions } from "../run/index.ts";
import type { TracerConfig } from "../scenario/tracer-config.ts";
import { parseScenario } from "../scenario/load.ts";
import { FAULT_AT, FAULT_FOR } from "./diagnosis-matrix.ts";
import { namesFault } from "./diagnosis-score.ts";
import type { InstanceMap } from "./diagnosis-score.ts";
import type { MatrixCell } from "./diagnosis-matrix.ts";
import { scenarioFile } from "./jobs.ts";
import { baselineRankings } from "./matrix-baselines.ts";

/** How one method did on one cell. */
export interface MethodOutcome {
  /** Its first three names, best first. */
  readonly top: readonly string[];
  /** 1-based rank of the first right name among all it named (null: never named). */
  readonly rankOfTruth: number | null;
  /** How many components it named. */
  readonly named: number;
}

/** What the requests started in the fault's window met, as the clients saw them (not the traces). */
export interface RequestStats {
  readonly requests: number;
  readonly failed: number;
  /** Mean time to an answer or a failure, ns. */
  readonly meanNs: number;
}

export interface MatrixResult {
  readonly cell: string;
  readonly form: string;
  readonly severity: string;
  readonly seed: number;
  /** The injected target, as the fault record states it ("" for a control). */
  readonly target: string;
  readonly tracesBefore: number;
  readonly tracesAfter: number;
  readonly failedAfter: number;
  /** The requests of the fault's window, for its effect against the same seed without the fault. */
  readonly window: RequestStats;
  readonly ranking: MethodOutcome;
  readonly selfTime: MethodOutcome;
  readonly duration: MethodOutcome;
}

const BEFORE = "w000";
const AFTER = "w001";

function instanceMap(topology: object): InstanceMap {
  const cloud = buildCloud(new Simulation({ seed: 0 }), topology as TopologyConfig, {});
  const out = new Map<string, { service: string; host: string }>();
  for (const name of validNames(cloud).instances) {
    const i = cloud.instance(name)!;
    out.set(name, { service: i.service, host: i.host.name });
  }
  return out;
}

function outcome(named: readonly Component[], right: (c: Component) => boolean): MethodOutcome {
  const i = named.findIndex(right);
  return { top: named.slice(0, 3).map(componentLabel), rankOfTruth: i < 0 ? null : i + 1, named: named.length };
}

/** The matrix scenario with the cell's fault and seed, checked like a user's file. */
export function scenarioText(cell: MatrixCell): string {
  const base = readFileSync(scenarioFile("matrix"), "utf8");
  return cell.fault === null ? base : `${base}\nfaults:\n  - ${JSON.stringify({ id: "matrix-fault", ...cell.fault })}\n`;
}

/**
 * What a fault did to the requests of its window, on the diagnosis's own scale: the mean
 * response time it added, as a fraction of the mean without it, plus the share of requests it
 * failed. Indicative only: once one request is slower, every later one meets different draws.
 */
export function faultEffect(withFault: RequestStats, without: RequestStats): number {
  if (without.requests === 0 || withFault.requests === 0 || !(without.meanNs > 0)) return 0;
  return (withFault.meanNs - without.meanNs) / without.meanNs + (withFault.failed / withFault.requests - without.failed / without.requests);
}

/** Another tracer for the cell's run (the thesis experiment runs the cells with each preset). */
export interface MatrixTracing {
  readonly config: TracerConfig;
  readonly wrapTracing?: RunOptions["wrapTracing"];
}

export function runMatrixCell(cell: MatrixCell, tracing?: MatrixTracing): MatrixResult {
  const parsed = parseScenario(scenarioText(cell), `matrix cell ${cell.id}`, defaultCatalog());
  const scenario = tracing === undefined ? parsed : { ...parsed, tracer: tracing.config };
  const from = parseDuration(FAULT_AT);
  const to = from + parseDuration(FAULT_FOR);
  const window = { requests: 0, failed: 0, totalNs: 0 };
  const onRequest: RunOptions["onRequest"] = (r) => {
    if (r.start < from || r.start >= to) return;
    window.requests++;
    if (!r.outcome.ok) window.failed++;
    window.totalNs += r.outcome.latencyNs;
  };
  const run = new ScenarioRun(scenario, defaultModel(), { seed: cell.seed, wrapTracing: tracing?.wrapTracing, onRequest });
  run.runToEnd();
  const kept = run.keptTraces();
  const weights = new Map(kept.map((k) => [k.traceId, k.weight]));
  const before: Trace[] = kept.filter((k) => k.period === BEFORE).map((k) => k.trace!);
  const after: Trace[] = kept.filter((k) => k.period === AFTER).map((k) => k.trace!);
  const options = { weightOf: (id: string) => weights.get(id) ?? 1 };
  const catalogs = newCatalogs();
  const started = profileWindow(before, catalogs, options);
  const b = { ...started, profiles: started.profiles.map((p) => asOf(p, from, catalogs.units)) };
  const a = profileWindow(after, catalogs, options);
  const d = diagnoseProfiles(b, a, catalogs, options);
  const fault = run.faults[0];
  const instances = instanceMap(scenario.topology.config);
  const right = (c: Component) => fault !== undefined && namesFault(c, fault, instances);
  const baselines = baselineRankings(b.profiles as TraceProfile[], a.profiles as TraceProfile[]);
  return {
    cell: cell.id,
    form: cell.form,
    severity: cell.severity,
    seed: cell.seed,
    target: fault === undefined ? "" : JSON.stringify(fault.target),
    tracesBefore: b.profiles.length,
    tracesAfter: a.profiles.length,
    failedAfter: a.profiles.filter((p) => p.failed).length,
    window: { requests: window.requests, failed: window.failed, meanNs: window.requests === 0 ? 0 : window.totalNs / window.requests },
    ranking: outcome(d.ranking.map((e) => e.component), right),
    selfTime: outcome(baselines.selfTime, right),
    duration: outcome(baselines.duration, right),
  };
}
