// `tracebed diagnose` on exported trace files (Jaeger UI JSON and OTLP/JSON).
import test from "ava";
import { UsageError } from "../../../sim/cli/args.ts";
import { parseSplitAt } from "../../../sim/cli/diagnose.ts";
import { diagnoseOutput } from "../../../sim/cli/diagnose-files.ts";
import { dagFromParents, spansFromDag } from "../../../tracer/analysis/reconstruct/index.ts";
import { toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { toOtlpJson } from "../../../tracer/export/otlp.ts";
import type { Trace } from "../../../tracer/model/types.ts";
import { cloudTraces } from "../../tracer/analysis/cloud-traces.ts";

const MS = 1_000_000;
const spanOnly = (traces: readonly Trace[]): Trace[] => traces.map((t) => ({ traceId: t.traceId, events: [], spans: spansFromDag(dagFromParents(t)) }));
const before = spanOnly(cloudTraces({ seed: "cmd-before", count: 150, itc: false, startNs: 1_700_000_000_000_000 }));
const after = spanOnly(cloudTraces({ seed: "cmd-after", count: 150, itc: false, validateSlowdownNs: 25 * MS, startNs: 1_700_010_000_000_000 }));

test("two Jaeger UI files: the text names Keystone's validation", (t) => {
  const out = diagnoseOutput([
    { file: "before.json", text: toJaegerJson(before) },
    { file: "after.json", text: toJaegerJson(after) },
  ]);
  t.regex(out, /^Diagnosis: 150 traces before, 150 after/);
  t.regex(out, /\n1\. \[keystone\] GET \/v3\/auth\/tokens: \+/);
});

test("one OTLP file split at a time, as JSON", (t) => {
  const text = toOtlpJson([...before, ...after]);
  const d = JSON.parse(diagnoseOutput([{ file: "all.json", text }], { splitAt: { kind: "instant", ns: 1_700_010_000_000_000n }, json: true }));
  t.is(d.before.traces, 150);
  t.is(d.after.traces, 150);
  t.is(d.culprits[0].service, "keystone");
  t.is(d.culprits[0].operation, "GET /v3/auth/tokens");
});

test("usage errors say what is missing", (t) => {
  const file = { file: "a.json", text: toJaegerJson(before.slice(0, 2)) };
  t.is(
    t.throws(() => diagnoseOutput([file]), { instanceOf: UsageError })?.message,
    "diagnose: one trace file needs --split-at <time> to know which traces are before and which after",
  );
  t.is(
    t.throws(() => diagnoseOutput([file, file], { splitAt: parseSplitAt("5s") }), { instanceOf: UsageError })?.message,
    "diagnose: --split-at splits one file; with two files, the first is before and the second after",
  );
  t.throws(() => diagnoseOutput([{ file: "bad.json", text: "{" }, file]), { message: /bad\.json/ });
});

test("--split-at needs a unit or a UTC time: a bare number is refused with the fix", (t) => {
  t.is(
    t.throws(() => parseSplitAt("50"), { instanceOf: UsageError })?.message,
    'diagnose: --split-at: "50" has no unit; write a duration such as "50s" (from the run\'s epoch) or a UTC time such as "2026-01-01T00:00:50Z"',
  );
  t.deepEqual(parseSplitAt("1m30s"), { kind: "offset", ns: 90e9, text: "1m30s" });
  t.deepEqual(parseSplitAt("2026-01-01T00:01:30.5Z"), { kind: "instant", ns: 1_767_225_690_500_000_000n });
  t.deepEqual(parseSplitAt("2026-01-01T01:01:30+01:00"), { kind: "instant", ns: 1_767_225_690_000_000_000n });
  t.regex(t.throws(() => parseSplitAt("soon"), { instanceOf: UsageError })!.message, /expected a time such as "90s"/);
});

test("a duration split counts from the tracebed.epoch the file carries; a file without one asks for a UTC time", (t) => {
  const anchored = [...before, ...after].map((tr) => ({
    ...tr,
    spans: tr.spans.map((s) => (s.parentSpanId === undefined ? { ...s, attributes: { ...s.attributes, "tracebed.epoch": "1970-01-20T16:13:20Z" } } : s)),
  }));
  const text = toOtlpJson(anchored);
  // The traces start 1_700_000 s after the Unix epoch (1970-01-20T16:13:20Z); the after set 10 s later.
  const offset = parseSplitAt("10s");
  const d = JSON.parse(diagnoseOutput([{ file: "all.json", text }], { splitAt: offset, json: true }));
  t.is(d.before.traces, 150);
  t.is(d.after.traces, 150);
  const bare = { file: "bare.json", text: toOtlpJson([...before, ...after]) };
  t.regex(t.throws(() => diagnoseOutput([bare], { splitAt: parseSplitAt("10s") }), { instanceOf: UsageError })!.message, /bare\.json has no tracebed\.epoch attribute.*give a UTC time/);
});
