// The wall-clock anchor of exports: RFC 3339 in and out, exact to the ns; Jaeger and OTLP times
// count from it and root spans say which it is; a scenario's `epoch` has a fixed default.
import test from "ava";
import fc from "fast-check";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { ScenarioError } from "../../../sim/scenario/errors.ts";
import { EPOCH_ATTRIBUTE, formatEpoch, parseEpoch } from "../../../tracer/export/epoch.ts";
import { exportJaeger } from "../../../tracer/export/jaeger.ts";
import { exportOtlp } from "../../../tracer/export/otlp.ts";
import { minimal, testCatalog } from "../../sim/scenario/helpers.ts";
import { spans, trace } from "./fixture.ts";

test("RFC 3339 times parse to exact ns since the Unix epoch, zones included; impossible dates do not", (t) => {
  t.is(parseEpoch("2026-01-01T00:00:00Z"), 1_767_225_600_000_000_000n);
  t.is(parseEpoch("2026-01-01T01:00:00+01:00"), 1_767_225_600_000_000_000n);
  t.is(parseEpoch("2025-12-31T19:00:00.000000001-05:00"), 1_767_225_600_000_000_001n);
  t.is(parseEpoch("1970-01-01T00:00:00Z"), 0n);
  for (const bad of ["2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "tomorrow"]) {
    t.is(parseEpoch(bad), undefined, bad);
  }
  t.is(parseEpoch("2024-02-29T00:00:00Z"), 1_709_164_800_000_000_000n);
});

test("formatEpoch writes UTC with only the fractional digits needed, and parses back to the same ns", (t) => {
  t.is(formatEpoch(1_767_225_600_000_000_000n), "2026-01-01T00:00:00Z");
  t.is(formatEpoch(1_767_225_600_120_000_000n), "2026-01-01T00:00:00.12Z");
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 4_102_444_800_000_000_000n }), (ns) => parseEpoch(formatEpoch(ns)) === ns),
  );
});

test("with an epoch, OTLP times are the epoch plus the trace's ns, exactly, and only root spans carry tracebed.epoch", (t) => {
  const otlp = exportOtlp([trace], { epoch: "2026-01-01T00:00:00Z" });
  const out = otlp.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  for (const s of out) {
    const src = spans.find((x) => x.spanId === s.spanId)!;
    t.is(BigInt(s.startTimeUnixNano), 1_767_225_600_000_000_000n + BigInt(src.start));
    t.is(BigInt(s.endTimeUnixNano), 1_767_225_600_000_000_000n + BigInt(src.end));
    const epoch = s.attributes.find((a) => a.key === EPOCH_ATTRIBUTE);
    if (src.parentSpanId === undefined) t.deepEqual(epoch, { key: EPOCH_ATTRIBUTE, value: { stringValue: "2026-01-01T00:00:00Z" } });
    else t.is(epoch, undefined);
  }
  t.deepEqual(exportOtlp([trace]).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.startTimeUnixNano, String(spans[0]!.start), "no epoch: times as they are");
});

test("with an epoch, Jaeger times are whole µs after it, nesting kept, even for an epoch between µs", (t) => {
  const jaeger = exportJaeger([trace], { epoch: "2026-01-01T00:00:00.0000005Z" }).data[0]!;
  for (const s of jaeger.spans) {
    const src = spans.find((x) => x.spanId === s.spanID)!;
    t.is(s.startTime, Number((1_767_225_600_000_000_500n + BigInt(src.start)) / 1000n));
    t.is(s.startTime + s.duration, Number((1_767_225_600_000_000_500n + BigInt(src.end)) / 1000n));
    t.is(s.tags.some((tag) => tag.key === EPOCH_ATTRIBUTE), src.parentSpanId === undefined);
  }
});

test("a scenario's epoch defaults to 2026-01-01T00:00:00Z, is normalised to UTC, and a bad one names the path", (t) => {
  t.is(parseScenario(minimal, "tiny.yaml", testCatalog).epoch, "2026-01-01T00:00:00Z");
  t.is(parseScenario(`${minimal}epoch: 2030-06-01T12:00:00+02:00\n`, "tiny.yaml", testCatalog).epoch, "2030-06-01T10:00:00Z");
  const e = t.throws(() => parseScenario(`${minimal}epoch: 2030-06-31T12:00:00Z\n`, "tiny.yaml", testCatalog), { instanceOf: ScenarioError });
  t.regex(e!.message, /tiny\.yaml:\d+:\d+: epoch: expected an RFC 3339 time with a zone, such as "2026-01-01T00:00:00Z", got "2030-06-31T12:00:00Z"/);
});
