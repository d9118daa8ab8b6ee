// Header hygiene against hostile header maps: failing uberctx-* entries are capped in count and
// bytes and counted; case-insensitive lookup reads a large map at most twice per extraction,
// whatever the formats miss; and lookups find what a lowercase copy of the map would.
import test from "ava";
import fc from "fast-check";
import { FORMATS } from "../../../tracer/index.ts";
import type { Carrier, Format } from "../../../tracer/index.ts";
import { rig } from "../api/helpers.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

test("thousands of failing uberctx-* entries: 64 are read and counted, the rest skipped and counted, the context survives", (t) => {
  const r = rig();
  const headers: Carrier = { "uber-trace-id": `${TRACE}:${SPAN}:0:1` };
  for (let i = 0; i < 100; i++) headers[`uberctx-k${String(i).padStart(3, "0")}`] = "%zz";
  const ctx = r.tracer.extract(headers, "jaeger");
  t.is(ctx?.traceId, TRACE);
  t.is(ctx?.baggage.size, 0);
  t.deepEqual(r.tracer.propagation.jaeger, { "uberctx:bad-item": 64, "uberctx:too-many-bad-items": 36 });

  const flood = rig();
  const many: Carrier = { "Uber-Trace-Id": `${TRACE}:${SPAN}:0:1` };
  for (let i = 0; i < 10_000; i++) many[`Uberctx-k${i}`] = "%zz";
  t.is(flood.tracer.extract(many, "jaeger")?.traceId, TRACE);
  // 128 read at most (64 kept + 64 failures); 9,872 never read.
  t.deepEqual(flood.tracer.propagation.jaeger, { "uberctx:items-dropped": 9872, "uberctx:bad-item": 64, "uberctx:too-many-bad-items": 64 });
});

test("uberctx-* entries past 8192 bytes in all are skipped and counted; the first ones are kept", (t) => {
  const r = rig();
  const headers: Carrier = { "uber-trace-id": `${TRACE}:${SPAN}:0:1` };
  // Each entry: "uberctx-" (8) + key (4) + 2000 bytes = 2012; four fit in 8192, the fifth does not.
  for (let i = 0; i < 6; i++) headers[`uberctx-k00${i}`] = "v".repeat(2000);
  const ctx = r.tracer.extract(headers, "jaeger")!;
  t.deepEqual([...ctx.baggage.keys()], ["k000", "k001", "k002", "k003"]);
  t.deepEqual(r.tracer.propagation.jaeger, { "uberctx:too-large": 2 });
});

test("past 64 kept entries the rest are counted as too many", (t) => {
  const r = rig();
  const headers: Carrier = { "uber-trace-id": `${TRACE}:${SPAN}:0:1` };
  for (let i = 0; i < 70; i++) headers[`uberctx-k${String(i).padStart(2, "0")}`] = "v";
  t.is(r.tracer.extract(headers, "jaeger")!.baggage.size, 64);
  t.deepEqual(r.tracer.propagation.jaeger, { "uberctx:too-many-items": 6 });
});

/** A carrier that counts how often its names are listed (each for…in over it lists them once). */
function counting(headers: Carrier): { carrier: Carrier; passes: () => number } {
  let passes = 0;
  const carrier = new Proxy(headers, {
    ownKeys(target) {
      passes++;
      return Reflect.ownKeys(target);
    },
  });
  return { carrier, passes: () => passes };
}

test("a large map is read at most twice per extraction, however many names the formats look up and miss", (t) => {
  const headers: Carrier = {};
  for (let i = 0; i < 5000; i++) headers[`X-Forwarded-Header-${i}`] = `v${i}`;
  Object.assign(headers, { "X-B3-TraceId": TRACE, "X-B3-SpanId": SPAN, "X-B3-Sampled": "1", "Traceparent": `00-${TRACE}-${SPAN}-01` });
  // w3c, then b3 (single), then b3multi with five names, itc's standalone header: over ten lookups, most of them misses.
  const formats: Format[] = ["jaeger", "b3", "b3multi", "itc"];
  const r = rig({ metadata: "itc" });
  const { carrier, passes } = counting(headers);
  const ctx = r.tracer.extract(carrier, formats);
  t.is(ctx?.traceId, TRACE);
  t.true(passes() <= 2, `${passes()} passes`);
  const w3c = counting(headers);
  t.is(r.tracer.extract(w3c.carrier, "w3c")?.traceId, TRACE);
  t.true(w3c.passes() <= 2, `${w3c.passes()} passes`);
});

test("lookups find what a lowercase copy of the map holds (an exactly lowercase name first), in every format", (t) => {
  const NAMES = ["traceparent", "tracestate", "baggage", "uber-trace-id", "uberctx-a", "uberctx-b", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags", "itc-stamp"];
  const VALUES: Record<string, string[]> = {
    traceparent: [`00-${TRACE}-${SPAN}-01`, `00-${TRACE}-${SPAN}-00`],
    tracestate: ["a=1", "b=2,c=3"],
    baggage: ["k=v", "x=y"],
    "uber-trace-id": [`${TRACE}:${SPAN}:0:1`, `${TRACE}:${SPAN}:0:0`],
    b3: [`${TRACE}-${SPAN}-1`, `${TRACE}-${SPAN}-0`],
    "x-b3-traceid": [TRACE],
    "x-b3-spanid": [SPAN],
    "x-b3-sampled": ["1", "0"],
  };
  const recase = (name: string, mask: number) => [...name].map((ch, i) => ((mask >> i) & 1 ? ch.toUpperCase() : ch)).join("");
  const entry = fc.record({ name: fc.constantFrom(...NAMES), mask: fc.nat(4095), value: fc.nat(1) });
  const padding = fc.nat(40);
  const result = fc.check(
    fc.property(fc.array(entry, { maxLength: 12 }), padding, fc.constantFrom(...FORMATS), (entries, pad, format) => {
      const headers: Carrier = {};
      for (let i = 0; i < pad; i++) headers[`X-Pad-${i}`] = "p";
      for (const e of entries) headers[recase(e.name, e.mask)] = (VALUES[e.name] ?? ["v1", "v2"])[e.value] ?? "v";
      // The reference: lowercase names, an exactly lowercase one winning, else the first.
      const lower: Carrier = {};
      for (const [k, v] of Object.entries(headers)) if (k === k.toLowerCase() || !(k.toLowerCase() in lower)) lower[k.toLowerCase()] = v;
      const a = rig({ metadata: "itc" });
      const b = rig({ metadata: "itc" });
      const got = a.tracer.extract(headers, format);
      const want = b.tracer.extract(lower, format);
      return JSON.stringify(got, (_k, v: unknown) => (v instanceof Map ? [...v] : v)) === JSON.stringify(want, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    }),
    { seed: 19, numRuns: 400 },
  );
  t.false(result.failed, fc.defaultReportMessage(result) ?? "");
});
