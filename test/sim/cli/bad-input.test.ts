// Every bad input of issue 19, through the command line: exit 2, one line on stderr naming the
// file (or flag) and what was expected, no stack trace, no hang, and no output left behind.
import test from "ava";
import type { ExecutionContext } from "ava";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliResult } from "./helpers.ts";
import { tempFile, tracebed, tracebedInProcess } from "./helpers.ts";

const SHORT = fileURLToPath(new URL("../run/fixtures/short.yaml", import.meta.url));

const base = "name: bad\nseed: 1\nduration: 10s\nworkload:\n  - { name: cli, type: open, rate: 5/s, mix: { token-issue: 1 } }\n";

/** The absurd scenario values, and the start of the line each must produce. */
const SCENARIOS: readonly (readonly [string, string, RegExp])[] = [
  ["duration 1e308", base.replace("duration: 10s", "duration: 1e308"), /:3:11: duration: expected a duration at most 240h \(10 days\)/],
  ["duration 2e16", base.replace("duration: 10s", "duration: 2e16"), /:3:11: duration: expected a duration at most 240h \(10 days\)/],
  ["rate 1e9", base.replace("rate: 5/s", "rate: 1e9"), /:5:36: workload\[0\]\.rate: this generator would issue about 10,000,000,000 requests/],
  ["rate 1e308", base.replace("rate: 5/s", "rate: 1e308"), /:5:36: workload\[0\]\.rate: expected a rate at most 1e9 per second/],
  ["a billion users", "name: bad\nduration: 10s\nworkload:\n  - { name: h, type: closed, users: 1000000000, think: 1s, mix: { token-issue: 1 } }\n", /:4:37: workload\[0\]\.users: expected at most 100,000 users/],
  ["a 1 ns report window", `${base}report: { periods: windows, window: 1 }\n`, /:6:37: report\.window: 1ns windows over 10s make 10,000,000,000 periods/],
  ["a billion replicas", `${base}topology: { overrides: { services: { keystone: { replicas: 1000000000 } } } }\n`, /:6:60: topology\.overrides\.services\.keystone\.replicas: expected at most 10,000 instances/],
  ["a clock offset of 1e300 ns", `${base}faults:\n  - { kind: clock-skew, at: 1s, target: { host: controller-1 }, offsetNs: 1e300 }\n`, /:7:75: faults\[0\]\.offsetNs: expected a clock offset at most 240h/],
  ["a drift of 1e300 ppm", `${base}faults:\n  - { kind: clock-skew, at: 1s, target: { host: controller-1 }, driftPpm: 1e300 }\n`, /:7:75: faults\[0\]\.driftPpm: expected a drift more than -1000000 ppm/],
];

function oneLine(t: ExecutionContext, r: CliResult, pattern: RegExp): void {
  t.is(r.code, 2, r.stderr);
  t.is(r.stdout, "");
  t.regex(r.stderr, /^[^\n]+\n$/, "exactly one line");
  t.notRegex(r.stderr, /internal error|\n\s+at /, "no stack trace");
  t.regex(r.stderr, pattern);
}

for (const [what, text, pattern] of SCENARIOS) {
  test(`validate and run refuse ${what} with one line, and run writes nothing`, async (t) => {
    const file = tempFile("bad.yaml", text);
    oneLine(t, await tracebedInProcess(["validate", file]), new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${pattern.source}`));
    const out = join(mkdtempSync(join(tmpdir(), "tracebed-bad-")), "out");
    oneLine(t, await tracebedInProcess(["run", file, "--out", out]), pattern);
    t.false(existsSync(out));
  });
}

test("the real binary: a billion replicas is refused in one line, without building the cloud", async (t) => {
  const file = tempFile("replicas.yaml", SCENARIOS[6]![1]);
  oneLine(t, await tracebed(["validate", file]), /topology\.overrides\.services\.keystone\.replicas: expected at most 10,000/);
});

test("run --out: a parent that is a file, a pseudo file system (which made mkdir spin), a folder where a file goes: one line before the run, nothing written", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tracebed-bad-"));
  const file = join(dir, "afile");
  writeFileSync(file, "x");
  const out = join(file, "sub");
  oneLine(t, await tracebedInProcess(["run", SHORT, "--out", out]), new RegExp(`^run: --out ${out}: ${file} is not a folder, so it cannot hold ${out}$`, "m"));
  // The binary, so a loop would show as a hung test, not a hung worker.
  oneLine(t, await tracebed(["run", SHORT, "--out", "/proc/tracebed-out"]), /^run: --out \/proc\/tracebed-out: cannot create files in \/proc \(the file system does not allow it\)$/m);
  mkdirSync(join(dir, "res", "traces.otlp.json"), { recursive: true });
  oneLine(t, await tracebedInProcess(["run", SHORT, "--out", join(dir, "res"), "--traces", "otlp"]), /traces\.otlp\.json is a folder; it cannot be replaced by an output file$/m);
  t.false(existsSync(join(dir, "res", "summary.json")));
});

test("sweep and merge check --out before any work", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tracebed-bad-"));
  const file = join(dir, "afile");
  writeFileSync(file, "x");
  oneLine(t, await tracebedInProcess(["sweep", SHORT, "--seeds", "1..2", "--out", join(file, "s")]), /^sweep: --out .*afile\/s: .*afile is not a folder/);
  oneLine(t, await tracebedInProcess(["merge", dir, "--out", file]), /^merge: --out .*afile: .*afile is not a folder$/m);
});

test("trace files: a folder, a start time of 1.7e308, a span that is its own parent: one line each from critical-path and diagnose", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tracebed-bad-"));
  const span = (id: string, start: number, parent?: string) => ({
    traceID: "00000000000000000000000000000001",
    spanID: id,
    operationName: "op",
    references: parent === undefined ? [] : [{ refType: "CHILD_OF", traceID: "00000000000000000000000000000001", spanID: parent }],
    startTime: start,
    duration: 5,
    processID: "p1",
    tags: [],
    logs: [],
  });
  const jaeger = (spans: unknown[]) => JSON.stringify({ data: [{ traceID: "00000000000000000000000000000001", spans, processes: { p1: { serviceName: "s", tags: [] } } }] });
  const huge = join(dir, "huge.json");
  writeFileSync(huge, jaeger([span("0000000000000001", 1.7e308)]));
  const cyclic = join(dir, "cyclic.json");
  writeFileSync(cyclic, jaeger([span("0000000000000001", 10), span("0000000000000001", 12, "0000000000000001")]));
  for (const args of [["critical-path", dir], ["diagnose", dir, huge]]) oneLine(t, await tracebedInProcess(args), new RegExp(`^${dir}: is a directory; expected a trace file$`, "m"));
  for (const args of [["critical-path", huge], ["diagnose", huge, huge]]) {
    oneLine(t, await tracebedInProcess(args), /huge\.json: \$\.data\[0\]\.spans\[0\]\.startTime: expected a time of at most 9007199254740991/);
  }
  for (const args of [["critical-path", cyclic], ["diagnose", cyclic, cyclic]]) oneLine(t, await tracebedInProcess(args), /cyclic\.json: .*0000000000000001/);
});
