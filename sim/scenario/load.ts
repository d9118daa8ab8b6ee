// Loading a scenario: YAML or JSON text → checked, defaulted, resolved Scenario, or a
// ScenarioError listing every problem with file:line:column, path and expectation.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { parseEpoch } from "../../tracer/export/epoch.ts";
import type { Catalog } from "./catalog.ts";
import type { ScenarioIssue } from "./errors.ts";
import { fromZodIssues, ScenarioError } from "./errors.ts";
import { locate, locateKey } from "./locate.ts";
import type { ScenarioInput } from "./schema.ts";
import { scenarioSchema } from "./schema.ts";
import { semanticIssues } from "./semantic.ts";
import { didYouMean } from "./suggest.ts";
import { applyOverrides } from "./topology.ts";
import type { TracerConfig } from "./tracer-config.ts";
import { resolveTracerConfig } from "./tracer-config.ts";

/** Scenario files larger than this are refused before parsing. */
export const MAX_SCENARIO_BYTES = 1 << 20;

export interface Scenario<Topology extends object = object>
  extends Omit<ScenarioInput, "tracer" | "topology" | "$schema"> {
  readonly file: string;
  /** sha256 of the file's text: names the exact scenario in outputs. */
  readonly sourceHash: string;
  readonly topology: { readonly profile: string; readonly overrides: Readonly<Record<string, unknown>>; readonly config: Topology };
  readonly tracer: TracerConfig;
}

export function loadScenario<T extends object = object>(file: string, catalog: Catalog): Scenario<T> {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_SCENARIO_BYTES) {
      throw new ScenarioError(file, [{ path: [], message: `the file is ${bytes.length} bytes; scenario files are limited to ${MAX_SCENARIO_BYTES}` }]);
    }
    text = bytes.toString("utf8");
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, [{ path: [], message: code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? String(e)})` }]);
  }
  return parseScenario<T>(text, file, catalog);
}

/** Parses scenario text (YAML, of which JSON is a subset). `file` is used in messages only. */
export function parseScenario<T extends object = object>(text: string, file: string, catalog: Catalog): Scenario<T> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((e) => ({
        path: [],
        message: `YAML syntax error: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
        line: e.linePos?.[0].line,
        column: e.linePos?.[0].col,
      })),
    );
  }
  let data: unknown;
  try {
    // The alias limit bounds "billion laughs" expansion.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ScenarioError(file, [{ path: [], message: `cannot read the document: ${(e as Error).message}` }]);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ScenarioError(file, [{ path: [], message: "expected a mapping at the top level (name, duration, workload, …)" }]);
  }

  const located = (issues: ScenarioIssue[]): ScenarioError => {
    for (const issue of issues) {
      const pos = issue.atKey ? locateKey(doc, lines, issue.path) : locate(doc, lines, issue.path);
      if (pos !== undefined) {
        issue.line = pos.line;
        issue.column = pos.column;
      }
    }
    return new ScenarioError(file, issues);
  };

  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) throw located(fromZodIssues(scenarioSchema, data, parsed.error.issues));
  const input = parsed.data;

  const issues: ScenarioIssue[] = [];
  const profiles = Object.keys(catalog.profiles).sort();
  const profile = catalog.profiles[input.topology.profile];
  if (profile === undefined) {
    issues.push({
      path: ["topology", "profile"],
      message: `unknown topology profile "${input.topology.profile}"${didYouMean(input.topology.profile, profiles)}; expected one of ${profiles.join(", ")}`,
    });
    throw located(issues);
  }
  const config = applyOverrides(profile, input.topology.overrides, ["topology", "overrides"], issues) as T;
  const presetNames = Object.keys(catalog.presets).sort();
  if (input.tracer.preset !== undefined && !(input.tracer.preset in catalog.presets)) {
    issues.push({
      path: ["tracer", "preset"],
      message: `unknown tracer preset "${input.tracer.preset}"${didYouMean(input.tracer.preset, presetNames)}; expected one of ${presetNames.join(", ")}`,
    });
  }
  if (issues.length > 0) throw located(issues);
  issues.push(...(catalog.limits?.(config, parseEpoch(input.epoch) ?? 0n) ?? []));
  if (issues.length > 0) throw located(issues);
  issues.push(...semanticIssues(input, catalog.names(config)));
  if (issues.length > 0) throw located(issues);
  issues.push(...(catalog.check?.(config, input.faults) ?? []));
  if (issues.length > 0) throw located(issues);

  const { $schema: _ignored, tracer, topology, ...rest } = input;
  return {
    ...rest,
    file,
    sourceHash: createHash("sha256").update(text).digest("hex"),
    topology: { profile: topology.profile, overrides: topology.overrides, config },
    tracer: resolveTracerConfig(tracer, catalog.presets),
  };
}
