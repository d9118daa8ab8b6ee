import test from "ava";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempFile, tracebed, tracebedInProcess } from "./helpers.ts";
import { matchesExpected } from "../../../sim/run/diagnosis.ts";

const SHORT = fileURLToPath(new URL("../run/fixtures/short.yaml", import.meta.url));

test("run --out --json writes summary.json and prints the same bytes; --traces writes the kept traces", async (t) => {
  const out = join(dirname(tempFile("x", "")), "results");
  const r = await tracebed(["run", SHORT, "--out", out, "--json", "--seed", "9", "--traces", "jaeger"]);
  t.is(r.code, 0, r.stderr);
  const written = readFileSync(join(out, "summary.json"), "utf8");
  t.is(r.stdout, written);
  const summary = JSON.parse(written) as { scenario: { name: string }; seed: number; tracer: { accounting: { emitted: number; stored: number } } };
  t.is(summary.scenario.name, "short");
  t.is(summary.seed, 9);
  t.true(summary.tracer.accounting.emitted > 0);
  // The trace file is what Jaeger UI uploads, and what `critical-path` reads.
  const jaeger = JSON.parse(readFileSync(join(out, "traces.jaeger.json"), "utf8")) as { data: { traceID: string; spans: unknown[] }[] };
  t.true(jaeger.data.length > 20);
  const cp = await tracebedInProcess(["critical-path", join(out, "traces.jaeger.json"), "--json"]);
  t.is(cp.code, 0, cp.stderr);
  t.deepEqual((JSON.parse(cp.stdout) as { traces: { traceID: string }[] }).traces.map((x) => x.traceID), jaeger.data.map((x) => x.traceID));
});

test("run prints a human summary by default, with every workflow and the tracer accounting", async (t) => {
  const r = await tracebedInProcess(["run", SHORT]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^short \(seed 5\): 20s simulated, \d+ kernel events\n/);
  for (const wf of ["horizon-instances", "pattern-concurrent", "server-list", "token-issue"]) t.regex(r.stdout, new RegExp(`\\n${wf} +\\d+ +\\d+ `));
  t.regex(r.stdout, /\ntracer dag-itc \(dag, itc\): \d+ trace points, 0 not sampled, \d+ emitted, \d+ stored, dropped: /);
});

test("run --check-determinism reports on stderr and exits 0 when the runs agree", async (t) => {
  const r = await tracebedInProcess(["run", SHORT, "--check-determinism", "--json"]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /^deterministic: 2 runs, \d+ kernel events each/);
  t.is((JSON.parse(r.stdout) as { seed: number }).seed, 5);
});

test("run: a bad scenario or bad flags exit 2 and nothing is run or written", async (t) => {
  const bad = tempFile("bad.yaml", "name: bad\nduration: 10s\nworkload:\n  - { name: c, type: open, rate: 1/s, mix: { horizon-instance: 1 } }\n");
  const out = join(dirname(bad), "out");
  const r = await tracebedInProcess(["run", bad, "--out", out]);
  t.is(r.code, 2);
  t.is(r.stderr, `${bad}:4:46: workload[0].mix.horizon-instance: unknown workflow "horizon-instance" (did you mean "horizon-instances"?); expected one of token-issue, server-create, server-delete, server-list, server-show, horizon-instances, pattern-concurrent, pattern-sequential\n`);
  t.is(r.stdout, "");
  t.false(existsSync(out));
  const seed = await tracebedInProcess(["run", SHORT, "--seed", "1 2"]);
  t.is(seed.code, 2);
  t.regex(seed.stderr, /^run: --seed: expected an integer or a word/);
  const noValue = await tracebedInProcess(["run", SHORT, "--out"]);
  t.is(noValue.code, 2);
  t.is(noValue.stderr, "run: --out needs a value (DIR)\n");
  const traces = await tracebedInProcess(["run", SHORT, "--traces", "zipkin"]);
  t.is(traces.code, 2);
  t.regex(traces.stderr, /^run: --traces: expected formats among jaeger, otlp, chrome, dot, separated by commas, got "zipkin"/);
});

test("a preset that stores no trace in a period says why there is no diagnosis, and what to raise", async (t) => {
  const scenario = tempFile("sparse.yaml", `${readFileSync(SHORT, "utf8").replace("name: short", "name: sparse")}tracer:\n  preset: jaeger\n`);
  const r = await tracebedInProcess(["run", scenario]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /\ndiagnosis: none — it compares the kept traces before and during the faults \(a steady run: its two halves\), and one side has none \(kept \d+ of \d+ successful requests in period steady; the tracer stored \d+ records in all, sampling with probabilistic rate 0\.001\): raise tracer\.sampler\.rate \(or use a preset that samples more\), lengthen the run, or raise report\.keepTraces\n$/);
  const json = await tracebedInProcess(["run", scenario, "--json"]);
  t.regex(json.stderr, /^diagnosis: none — /m, "with --json the note goes to stderr, keeping stdout JSON");
  t.notThrows(() => JSON.parse(json.stdout));
  const dense = await tracebedInProcess(["run", SHORT]);
  t.notRegex(dense.stdout, /diagnosis: none/);
});

test("run --expect: a scenario file is a regression test — exit 0 when its expect block is met, 1 with the reason when not", async (t) => {
  const file = fileURLToPath(new URL("./fixtures/cache-outage.yaml", import.meta.url));
  const met = await tracebedInProcess(["run", file, "--expect"]);
  t.is(met.code, 0, met.stderr);
  t.is(met.stderr, "");
  const wrong = tempFile("wrong.yaml", readFileSync(file, "utf8").replace("- { service: memcached }", "- { service: glance }"));
  const unmet = await tracebedInProcess(["run", wrong, "--expect"]);
  t.is(unmet.code, 1);
  t.regex(unmet.stderr, /^expect: diagnosis expected service glance among the first three components, named dependency memcached(; [^\n]+)?\n$/);
  // Without --expect the same run succeeds: the verdict is in the summary only.
  t.is((await tracebedInProcess(["run", wrong])).code, 0);
});

test("an expected link matches the ranked link whichever way either names it", (t) => {
  const entry = { rank: 1, kind: "link", link: "broker-1<->controller-1" } as unknown as Parameters<typeof matchesExpected>[0];
  t.true(matchesExpected(entry, { kind: "link", link: "controller-1<->broker-1" }));
  t.true(matchesExpected(entry, { kind: "link", link: "controller-1->broker-1" }));
  t.false(matchesExpected(entry, { kind: "link", link: "controller-2<->broker-1" }));
});

// Every shipped scenario with an expect block meets it (the fault-free ones name nothing), so
// each is a regression test of the diagnosis as well as an example.
for (const name of ["baseline", "fan-in-fan-out", "broker-partition", "compute-crash", "memcached-outage"]) {
  test(`the shipped scenario ${name}.yaml meets its expect block`, async (t) => {
    const file = fileURLToPath(new URL(`../../../scenarios/${name}.yaml`, import.meta.url));
    const r = await tracebedInProcess(["run", file, "--expect"]);
    t.is(r.code, 0, r.stderr);
  });
}
