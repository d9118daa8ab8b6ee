// Golden trace hashes: a scenario at its seed, traced as the scenario says, reduced to the
// kernel's event-log hash, a hash per stored trace, and a hash per event of the first traces,
// so a mismatch names the first differing trace and, within those, the first differing event.
import { createHash } from "node:crypto";
import type { Trace } from "../../tracer/index.ts";
import type { Scenario } from "../scenario/load.ts";
import { defaultModel, ScenarioRun } from "../run/index.ts";

/** Traces whose events are hashed one by one. */
export const DETAILED_TRACES = 20;

export interface GoldenTrace {
  readonly traceId: string;
  readonly records: number;
  readonly hash: string;
  /** Per record "hash description", for the first DETAILED_TRACES traces. */
  readonly detail?: readonly string[];
}

export interface GoldenResult {
  readonly scenario: string;
  readonly seed: string | number;
  readonly kernelEvents: number;
  readonly eventLogHash: string;
  readonly traces: readonly GoldenTrace[];
}

const h = (text: string, n = 16): string => createHash("sha256").update(text).digest("hex").slice(0, n);

/** A record as text: everything the tracer decided, nothing the collector's timing did. */
function recordLines(trace: Trace): { line: string; name: string }[] {
  const out: { line: string; name: string }[] = [];
  for (const e of trace.events) {
    out.push({
      line: JSON.stringify([e.eventId, e.kind, e.service, e.host, e.name, e.timestamp, e.spanId, e.parents, e.itc ?? null, e.parentSpanId ?? null]),
      name: `event ${e.eventId} (${e.kind} [${e.service}] ${e.name} on ${e.host} at ${e.timestamp} ns)`,
    });
  }
  for (const s of trace.spans) {
    out.push({
      line: JSON.stringify([s.spanId, s.kind, s.service, s.host, s.name, s.start, s.end, s.parentSpanId ?? null, s.links.map((l) => l.spanId)]),
      name: `span ${s.spanId} ([${s.service}] ${s.name} on ${s.host} at ${s.start} ns)`,
    });
  }
  return out;
}

export function goldenOf(scenario: Scenario): GoldenResult {
  const traces: GoldenTrace[] = [];
  const run = new ScenarioRun(scenario, defaultModel(), {
    onTrace: (t) => {
      const lines = recordLines(t);
      const hash = h(lines.map((l) => l.line).join("\n"));
      const detail = traces.length < DETAILED_TRACES ? lines.map((l) => `${h(l.line, 8)} ${l.name}`) : undefined;
      traces.push({ traceId: t.traceId, records: lines.length, hash, ...(detail === undefined ? {} : { detail }) });
    },
  });
  run.runToEnd();
  return { scenario: scenario.name, seed: run.seed, kernelEvents: run.sim.eventLog.count, eventLogHash: run.sim.eventLog.hash(), traces };
}

/** The golden file's text: a header, then a line per trace, each detailed trace followed by its records. */
export function goldenText(g: GoldenResult): string {
  const total = h(g.traces.map((t) => `${t.traceId} ${t.hash}`).join("\n"));
  const lines = [`# golden traces: scenario ${g.scenario}, seed ${g.seed}`, `kernel-events ${g.kernelEvents}`, `event-log-hash ${g.eventLogHash}`, `traces ${g.traces.length}`, `traces-hash ${total}`];
  for (const t of g.traces) {
    lines.push(`trace ${t.traceId} ${t.records} ${t.hash}`);
    for (const d of t.detail ?? []) lines.push(`  ${d}`);
  }
  return lines.join("\n") + "\n";
}

/** The first difference between two golden files, in words; undefined when equal. */
export function goldenDiff(file: string, oldText: string, newText: string): string | undefined {
  if (oldText === newText) return undefined;
  const a = oldText.split("\n");
  const b = newText.split("\n");
  const header = (lines: string[], key: string) => lines.find((l) => l.startsWith(key + " "))?.slice(key.length + 1);
  const parts: string[] = [];
  for (const key of ["kernel-events", "event-log-hash", "traces"]) {
    const x = header(a, key);
    const y = header(b, key);
    if (x !== y) parts.push(`${key} ${x ?? "(none)"} → ${y ?? "(none)"}`);
  }
  const traceLines = (lines: string[]) => lines.filter((l) => l.startsWith("trace "));
  const ta = traceLines(a);
  const tb = traceLines(b);
  const i = ta.findIndex((l, k) => l !== tb[k]);
  const at = i < 0 ? ta.length : i;
  if (i >= 0 || ta.length !== tb.length) {
    const [, idA, nA] = (ta[at] ?? "trace (none) 0").split(" ");
    const [, idB, nB] = (tb[at] ?? "trace (none) 0").split(" ");
    let where = `trace #${at + 1}: ${idA} (${nA} records) → ${idB} (${nB} records)`;
    // Within the detailed traces, name the first differing record.
    const detail = (lines: string[], id: string | undefined) => {
      const k = lines.indexOf(lines.find((l) => l.startsWith(`trace ${id} `)) ?? "\u0000");
      if (k < 0) return [];
      const out: string[] = [];
      for (let j = k + 1; j < lines.length && lines[j]!.startsWith("  "); j++) out.push(lines[j]!.trim());
      return out;
    };
    const da = detail(a, idA);
    const db = detail(b, idB);
    const j = da.findIndex((l, k) => l.slice(0, 8) !== db[k]?.slice(0, 8));
    if (da.length > 0 || db.length > 0) {
      const k = j < 0 ? Math.min(da.length, db.length) : j;
      if (j >= 0 || da.length !== db.length) where += `; first differing record #${k + 1}: ${da[k]?.slice(9) ?? "(none)"} → ${db[k]?.slice(9) ?? "(none)"}`;
    }
    parts.push(where);
  }
  return `${file}: ${parts.join("; ")}`;
}
