// The tracer is a library with layers: every import between two of its folders must point down
// this list (a folder may import from the folders before it, never after), so no import cycle
// between folders can form. It imports nothing from sim/, and holds no command-line code.
import test from "ava";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../tracer/", import.meta.url));

/** Lowest first. A new folder must be placed here deliberately. */
export const LAYERS = [
  "itc", // Interval Tree Clocks: pure stamp operations and codes
  "model", // the data: events, spans, traces, contexts, ids, the sampler and stamp contracts
  "context", // propagation formats: inject/extract over header maps
  "sampling", // samplers (head, on-demand, tail, adaptive)
  "tracer", // the tracer core: trace points, spans, fork/join
  "collect", // agents, collector, loss accounting
  "pivot", // Pivot Tracing queries (a span processor)
  "config", // the tracer configuration: one zod schema that presets and scenarios compose
  "presets", // the designs of existing tracers, as configurations
  "analysis/stats", // rank tests and multiple-testing corrections
  "analysis/reconstruct", // DAG reconstruction from events and stamps
  "analysis/span-critical-path", // Jaeger UI's and CRISP's critical path over spans
  "analysis/dag-critical-path", // the critical path over the event DAG
  "analysis/diagnose", // comparing two sets of traces
  "export", // Jaeger, OTLP, Chrome, DOT out; Jaeger, OTLP, span lists in; OTLP/HTTP push
  "export/html", // the report page
  ".", // index.ts: the public entry
] as const;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".ts") ? [path] : [];
  });
}

const folderOf = (file: string): string => relative(ROOT, dirname(file)).replace(/\\/g, "/") || ".";

/** Every import specifier (static, type-only, re-export and dynamic) in a file's text. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const rank = new Map<string, number>(LAYERS.map((f, i) => [f, i]));

/** Imports from a folder to one not below it in LAYERS, as messages. */
export function backEdges(sources: readonly { readonly file: string; readonly text: string }[]): string[] {
  const out: string[] = [];
  for (const { file, text } of sources) {
    const from = folderOf(file);
    for (const spec of specifiers(text)) {
      if (!spec.startsWith(".")) continue;
      const to = folderOf(resolve(dirname(file), spec));
      if (to !== from && !((rank.get(to) ?? Infinity) < (rank.get(from) ?? -Infinity))) out.push(`${relative(ROOT, file)} imports ${spec} (${from} -> ${to})`);
    }
  }
  return out;
}

const all = files(ROOT);
const sources = all.map((file) => ({ file, text: readFileSync(file, "utf8") }));

test("every tracer folder has a place in the layer order", (t) => {
  const folders = [...new Set(all.map(folderOf))].sort();
  t.deepEqual(folders.filter((f) => !(LAYERS as readonly string[]).includes(f)), []);
});

test("imports between tracer folders only point down the layers (no back-edge, so no cycle)", (t) => {
  t.deepEqual(backEdges(sources), []);
});

test("a back-edge is found: model importing the tracer core, analysis importing export, a dynamic import upward", (t) => {
  t.deepEqual(
    backEdges([
      { file: join(ROOT, "model/x.ts"), text: 'import type { Span } from "../tracer/span.ts";\nimport { seed } from "../itc/index.ts";' },
      { file: join(ROOT, "analysis/stats/y.ts"), text: 'export { spansOf } from "../../export/index.ts";' },
      { file: join(ROOT, "itc/z.ts"), text: 'const m = await import("../context/w3c.ts");' },
    ]),
    ["model/x.ts imports ../tracer/span.ts (model -> tracer)", "analysis/stats/y.ts imports ../../export/index.ts (analysis/stats -> export)", "itc/z.ts imports ../context/w3c.ts (itc -> context)"],
  );
});

test("the tracer imports nothing from the simulator and holds no command-line code", (t) => {
  const problems: string[] = [];
  for (const { file, text } of sources) {
    for (const spec of specifiers(text)) {
      if (spec.startsWith(".") && !resolve(dirname(file), spec).startsWith(ROOT)) problems.push(`${relative(ROOT, file)} imports ${spec}, outside tracer/`);
    }
    if (/process\.(argv|exit\b|exitCode)/.test(text) || file.endsWith("command.ts")) problems.push(`${relative(ROOT, file)} has command-line code`);
  }
  t.deepEqual(problems, []);
});
