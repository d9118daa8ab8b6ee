// What `tracebed critical-path` prints: exact JSON shape, text rendering, errors.
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { criticalPathOutput } from "../../../sim/cli/critical-path-output.ts";
import { TraceFileError } from "../../../tracer/export/errors.ts";
import { toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { toOtlpJson } from "../../../tracer/export/otlp.ts";
import { trace } from "../../tracer/export/fixture.ts";
import { skippedBecause, testdata, testdataRoot } from "../../helpers/external.ts";



test("a Jaeger file's times stay in µs; an OTLP file's in ns", (t) => {
  const jaeger = JSON.parse(criticalPathOutput(toJaegerJson([trace]), "t.json", { json: true }));
  const otlp = JSON.parse(criticalPathOutput(toOtlpJson([trace]), "t.json", { json: true }));
  t.deepEqual(jaeger.traces[0].sections[0], { spanID: "00f067aa0ba902b7", start: 110_000, end: 120_000 });
  t.deepEqual(otlp.traces[0].sections[0], { spanID: "00f067aa0ba902b7", start: 110_000_000, end: 120_000_000 });
  t.is(jaeger.traces[0].exclusive["[horizon] GET /project/instances"] * 1000, otlp.traces[0].exclusive["[horizon] GET /project/instances"]);
});

test("epoch nanoseconds beyond 2^53 are printed exactly", (t) => {
  const span = {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    name: "x",
    kind: 2,
    startTimeUnixNano: "1700000000123456789",
    endTimeUnixNano: "1700000000123456799",
  };
  const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
  const out = criticalPathOutput(text, "e.json", { json: true });
  t.true(out.includes('"start": 1700000000123456789, "end": 1700000000123456799'));
});



test("a bad file gives a typed error naming the problem", (t) => {
  const file = t.throws(() => criticalPathOutput("{\n  oops\n}", "x.json", {}), { instanceOf: TraceFileError });
  t.is(file?.message, 'x.json: line 2, column 3: invalid JSON: unexpected "o"');
});

// The cases below read Jaeger UI's and CRISP's own test files from the shared conformance data.
const ROOT = testdata("critical-path");
if (ROOT === undefined) {
  skippedBecause("3 critical-path output tests on Jaeger UI's and CRISP's test files", `${testdataRoot()}/critical-path is not there (set TRACEBED_TESTDATA to the shared testdata folder)`, () => testdata("critical-path") === undefined);
} else {
  withSharedFiles(ROOT);
}

function withSharedFiles(root: string): void {
  const TEST1 = join(root, "jaeger-ui/test1.json");

  test("--json has exactly the documented shape, sections in walk order, exclusive per [service] operation", (t) => {
    const out = criticalPathOutput(readFileSync(TEST1, "utf8"), TEST1, { semantics: "jaeger", json: true });
    t.deepEqual(JSON.parse(out), {
      traces: [
        {
          traceID: "jaeger-ui/test1",
          sections: [
            { spanID: "span-C", start: 60, end: 101 },
            { spanID: "span-E", start: 50, end: 60 },
            { spanID: "span-C", start: 40, end: 50 },
            { spanID: "span-D", start: 20, end: 40 },
            { spanID: "span-C", start: 1, end: 20 },
          ],
          exclusive: {
            "[customers-service] operation C": 70,
            "[customers-service] operation E": 10,
            "[customers-service] operation D": 20,
          },
        },
      ],
    });
  });

  test("the crisp semantics is selectable and its exclusive times follow CRISP", (t) => {
    const file = join(root, "crisp/tc-10.json");
    const out = JSON.parse(criticalPathOutput(readFileSync(file, "utf8"), file, { semantics: "crisp", json: true }));
    t.deepEqual(out.traces[0].exclusive, { "[S1] O1": 400, "[S2] O2": 200, "[S3] O3": 100, "[S4] O4": 300 });
  });

  test("the text rendering lists sections in walk order and exclusive times largest first", (t) => {
    const out = criticalPathOutput(readFileSync(TEST1, "utf8"), "test1.json", {});
    t.is(
      out,
      [
        "trace jaeger-ui/test1: critical path (jaeger semantics), times in µs",
        "  sections, in walk order:",
        "    span-C  [customers-service] operation C  60 → 101  41 µs",
        "    span-E  [customers-service] operation E  50 → 60   10 µs",
        "    span-C  [customers-service] operation C  40 → 50   10 µs",
        "    span-D  [customers-service] operation D  20 → 40   20 µs",
        "    span-C  [customers-service] operation C  1  → 20   19 µs",
        "  exclusive critical-path time per operation (µs):",
        "    [customers-service] operation C  70",
        "    [customers-service] operation D  20",
        "    [customers-service] operation E  10",
        "",
      ].join("\n"),
    );
  });
}
