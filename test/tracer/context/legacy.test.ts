// Jaeger uber-trace-id/uberctx-*, Zipkin B3 single and multi header, and the standalone ITC
// header, against the formats' documented examples.
import test from "ava";
import { rig } from "../api/helpers.ts";

const TRACE = "5a1c0ffee0ddf00d5a1c0ffee0ddf00d";
const SPAN = "a1b2c3d4e5f60718";

test("jaeger: the reference example, short ids left-padded, flags, url-encoded value and baggage", (t) => {
  const r = rig();
  const ctx = r.tracer.extract({ "uber-trace-id": `${TRACE}:${SPAN}:0:1`, "uberctx-tenant": "demo" }, "jaeger")!;
  t.like(ctx, { traceId: TRACE, spanId: SPAN, sampled: true, debug: false, remote: true, lastEventId: SPAN });
  t.deepEqual([...ctx.baggage], [["tenant", { value: "demo" }]]);
  const short = r.tracer.extract({ "Uber-Trace-Id": "ABC:1F:0:3" }, "jaeger")!;
  t.like(short, { traceId: "00000000000000000000000000000abc", spanId: "000000000000001f", sampled: true, debug: true });
  const encoded = r.tracer.extract({ "uber-trace-id": `${TRACE}%3A${SPAN}%3A0%3A0`, "uberctx-note": "a%20b" }, "jaeger")!;
  t.like(encoded, { traceId: TRACE, sampled: false });
  t.is(encoded.baggage.get("note")?.value, "a b");
  t.deepEqual(r.tracer.propagation.jaeger, {});
});

test("jaeger: malformed headers are ignored and counted by reason", (t) => {
  const r = rig();
  const bad: [string, string][] = [
    [`${TRACE}:${SPAN}:0`, "uber-trace-id:bad-field-count"],
    [`${TRACE}:${SPAN}:0:1:9`, "uber-trace-id:bad-field-count"],
    [`0:${SPAN}:0:1`, "uber-trace-id:bad-trace-id"],
    [`${TRACE}1:${SPAN}:0:1`, "uber-trace-id:bad-trace-id"],
    [`xyz:${SPAN}:0:1`, "uber-trace-id:bad-trace-id"],
    [`${TRACE}:0:0:1`, "uber-trace-id:bad-span-id"],
    [`${TRACE}:${SPAN}::1`, "uber-trace-id:bad-parent-id"],
    [`${TRACE}:${SPAN}:0:x`, "uber-trace-id:bad-flags"],
    [`${TRACE}:${SPAN}:0:100`, "uber-trace-id:bad-flags"],
    [`${TRACE}%ZZ`, "uber-trace-id:bad-encoding"],
    ["9".repeat(300), "uber-trace-id:too-large"],
  ];
  for (const [value] of bad) t.is(r.tracer.extract({ "uber-trace-id": value }, "jaeger"), undefined, value);
  const expected: Record<string, number> = {};
  for (const [, reason] of bad) expected[reason] = (expected[reason] ?? 0) + 1;
  t.deepEqual(r.tracer.propagation.jaeger, expected);
  const withBadBaggage = r.tracer.extract({ "uber-trace-id": `${TRACE}:${SPAN}:0:1`, "uberctx-x": "%E0%A4%A" }, "jaeger")!;
  t.is(withBadBaggage.baggage.size, 0);
  t.is(r.tracer.propagation.jaeger["uberctx:bad-item"], 1);
});

test("jaeger: inject writes trace:span:0:flags and url-encoded baggage", (t) => {
  const r = rig();
  const ctx = r.tracer.extract({ "uber-trace-id": `${TRACE}:${SPAN}:0:3`, "uberctx-note": "a%20b" }, "jaeger")!;
  const s = r.tracer.startSpan("s", { parent: ctx });
  const out: Record<string, string> = {};
  r.tracer.inject(s, out, "jaeger");
  t.deepEqual(out, { "uber-trace-id": `${TRACE}:${s.spanId}:0:3`, "uberctx-note": "a%20b" });
});

test("b3 single: the spec's forms", (t) => {
  const r = rig();
  const x = (b3: string) => r.tracer.extract({ b3 }, "b3");
  t.like(x(`${TRACE}-${SPAN}-1`), { traceId: TRACE, spanId: SPAN, sampled: true, debug: false });
  t.like(x(`${TRACE}-${SPAN}-d`), { sampled: true, debug: true });
  t.like(x(`${TRACE}-${SPAN}-0-b2c3d4e5f6071829`), { sampled: false });
  t.like(x(`${TRACE}-${SPAN}`), { sampled: false, debug: false });
  t.like(x(`5a1c0ffee0ddf00d-${SPAN}-1`), { traceId: "00000000000000005a1c0ffee0ddf00d" });
  t.is(x("0"), undefined);
  t.deepEqual(r.tracer.propagation.b3, { "sampling-state-only": 1 });
});

test("b3 single: malformed values are counted", (t) => {
  const r = rig();
  const bad: [string, string][] = [
    ["2", "bad-sampling-state"],
    [`${TRACE.toUpperCase()}-${SPAN}-1`, "bad-trace-id"],
    [`${TRACE}0-${SPAN}-1`, "bad-trace-id"],
    [`${"0".repeat(32)}-${SPAN}-1`, "bad-trace-id"],
    [`${TRACE}-${SPAN}0-1`, "bad-span-id"],
    [`${TRACE}-${SPAN}-true`, "bad-sampling-state"],
    [`${TRACE}-${SPAN}-1-xyz`, "bad-parent-span-id"],
    [`${TRACE}-${SPAN}-1-${SPAN}-1`, "bad-field-count"],
    ["a".repeat(200), "too-large"],
  ];
  for (const [value] of bad) t.is(r.tracer.extract({ b3: value }, "b3"), undefined, value);
  const expected: Record<string, number> = {};
  for (const [, reason] of bad) expected[reason] = (expected[reason] ?? 0) + 1;
  t.deepEqual(r.tracer.propagation.b3, expected);
});

test("b3 multi: headers, legacy true/false, debug flag, and errors", (t) => {
  const r = rig();
  const x = (h: Record<string, string>) => r.tracer.extract(h, "b3multi");
  t.like(x({ "X-B3-TraceId": TRACE, "X-B3-SpanId": SPAN, "X-B3-Sampled": "1" }), { traceId: TRACE, spanId: SPAN, sampled: true });
  t.like(x({ "x-b3-traceid": TRACE, "x-b3-spanid": SPAN, "x-b3-sampled": "true" }), { sampled: true });
  t.like(x({ "x-b3-traceid": TRACE, "x-b3-spanid": SPAN, "x-b3-flags": "1" }), { sampled: true, debug: true });
  t.like(x({ "x-b3-traceid": TRACE, "x-b3-spanid": SPAN }), { sampled: false });
  t.is(x({ "x-b3-traceid": TRACE }), undefined);
  t.is(x({ "x-b3-traceid": TRACE, "x-b3-spanid": SPAN, "x-b3-sampled": "yes" }), undefined);
  t.is(x({ "x-b3-traceid": TRACE, "x-b3-spanid": SPAN, "x-b3-parentspanid": "zz" }), undefined);
  t.deepEqual(r.tracer.propagation.b3multi, { "missing-id": 1, "bad-sampled": 1, "bad-parent-span-id": 1 });
  const s = r.tracer.startSpan("s");
  const out: Record<string, string> = {};
  r.tracer.inject(s, out, ["b3", "b3multi"]);
  t.deepEqual(out, {
    b3: `${s.traceId}-${s.spanId}-1`,
    "x-b3-traceid": s.traceId,
    "x-b3-spanid": s.spanId,
    "x-b3-sampled": "1",
  });
});

test("the standalone itc-stamp header completes a format that cannot carry the stamp", (t) => {
  const r = rig({ metadata: "itc" });
  const s = r.tracer.startSpan("s");
  const out: Record<string, string> = {};
  r.tracer.inject(s, out, ["b3", "itc"]);
  t.regex(out["itc-stamp"]!, /^[A-Za-z0-9_-]+$/);
  t.truthy(r.tracer.extract(out, ["b3", "itc"])!.itc);
  t.is(r.tracer.extract(out, "b3")!.itc, undefined);
  t.is(r.tracer.extract(out, "itc"), undefined);
  t.is(r.tracer.extract({ ...out, "itc-stamp": "AAAA" }, ["b3", "itc"])!.itc, undefined);
  t.is(r.tracer.extract({ ...out, "itc-stamp": "A".repeat(5000) }, ["b3", "itc"])!.itc, undefined);
  t.deepEqual(r.tracer.propagation.itc, { "itc-stamp:bad-stamp": 1, "itc-stamp:too-large": 1 });
  // In ids mode the stamp is not read at all.
  const ids = rig();
  t.is(ids.tracer.extract(out, ["b3", "itc"])!.itc, undefined);
});

test("with a list of formats the first that yields a context wins", (t) => {
  const r = rig();
  const ctx = r.tracer.extract(
    { traceparent: `00-${TRACE}-${SPAN}-01`, "uber-trace-id": `${"1".repeat(32)}:${"2".repeat(16)}:0:0` },
    ["jaeger", "w3c"],
  )!;
  t.is(ctx.traceId, "1".repeat(32));
  t.is(r.tracer.extract({ traceparent: `00-${TRACE}-${SPAN}-01` }, ["jaeger", "w3c"])!.traceId, TRACE);
  t.throws(() => r.tracer.extract({}, "zipkin" as never), { message: /unknown propagation format "zipkin"/ });
});
