#!/usr/bin/env bash
# The published package, as a user gets it: `npm pack`, install the tarball in an empty project,
# then the CLI (`npx tracebed --version`, a short run) and both library entries must work.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline "./$tarball" >/dev/null
npx tracebed --version
sed -e 's/^duration: .*/duration: 20s/' -e 's/^warmup: .*/warmup: 2s/' node_modules/tracebed/scenarios/baseline.yaml > short.yaml
npx tracebed run short.yaml --out out --traces jaeger,otlp,dot >/dev/null
test -s out/summary.json && test -s out/traces.otlp.json && test -s out/traces.dot
# A sweep on two threads: the installed package's pool starts its worker from the compiled worker.js.
npx tracebed sweep short.yaml --seeds 1..3 --set duration=3s --jobs 2 --out sweep >/dev/null
test "$(wc -l < sweep/points.jsonl)" -eq 3
node --input-type=module -e '
import { createTracer, alwaysOn } from "tracebed/tracer";
import { loadScenario, runScenario, defaultCatalog } from "tracebed";
const records = [];
const tracer = createTracer({ service: "s", host: "h", clock: { now: () => 0 }, random: { next: () => 0.5 }, sampler: alwaysOn, sink: { emit: (r) => records.push(r) } });
tracer.startSpan("op").end();
const { summary } = runScenario(loadScenario("short.yaml", defaultCatalog()));
if (records.length !== 2 || summary.scenario.name !== "baseline") throw new Error("the package entries do not work");
'
echo "package: npm pack + install + npx tracebed run + sweep --jobs 2 + both entries: ok ($tarball)"
