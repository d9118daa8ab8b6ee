// `tracebed diagnose` on exported trace files (Jaeger UI JSON and OTLP/JSON).
import test from "ava";
import { diagnoseCommand, DiagnoseUsageError } from "../../../tracer/analysis/diagnose/index.ts";
import { dagFromParents, spansFromDag } from "../../../tracer/analysis/reconstruct/index.ts";
import { toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { toOtlpJson } from "../../../tracer/export/otlp.ts";
import type { Trace } from "../../../tracer/model/types.ts";
import { cloudTraces } from "./cloud-traces.ts";

const MS = 1_000_000;
const spanOnly = (traces: readonly Trace[]): Trace[] => traces.map((t) => ({ traceId: t.traceId, events: [], spans: spansFromDag(dagFromParents(t)) }));
const before = spanOnly(cloudTraces({ seed: "cmd-before", count: 150, itc: false, startNs: 1_700_000_000_000_000 }));
const after = spanOnly(cloudTraces({ seed: "cmd-after", count: 150, itc: false, validateSlowdownNs: 25 * MS, startNs: 1_700_010_000_000_000 }));

test("two Jaeger UI files: the text names Keystone's validation", (t) => {
  const out = diagnoseCommand([
    { file: "before.json", text: toJaegerJson(before) },
    { file: "after.json", text: toJaegerJson(after) },
  ]);
  t.regex(out, /^Diagnosis: 150 traces before, 150 after/);
  t.regex(out, /\n1\. \[keystone\] GET \/v3\/auth\/tokens: \+/);
});

test("one OTLP file split at a time, as JSON", (t) => {
  const text = toOtlpJson([...before, ...after]);
  const d = JSON.parse(diagnoseCommand([{ file: "all.json", text }], { splitAt: 1_700_010_000_000_000, json: true }));
  t.is(d.before.traces, 150);
  t.is(d.after.traces, 150);
  t.is(d.culprits[0].service, "keystone");
  t.is(d.culprits[0].operation, "GET /v3/auth/tokens");
});

test("usage errors say what is missing", (t) => {
  const file = { file: "a.json", text: toJaegerJson(before.slice(0, 2)) };
  t.is(
    t.throws(() => diagnoseCommand([file]), { instanceOf: DiagnoseUsageError })?.message,
    "diagnose: one trace file needs --split-at <time> to know which traces are before and which after",
  );
  t.is(
    t.throws(() => diagnoseCommand([file, file], { splitAt: 5 }), { instanceOf: DiagnoseUsageError })?.message,
    "diagnose: --split-at splits one file; with two files, the first is before and the second after",
  );
  t.throws(() => diagnoseCommand([{ file: "bad.json", text: "{" }, file]), { message: /bad\.json/ });
});
