// Extraction never throws, whatever the headers hold, and injection round-trips.
import test from "ava";
import fc from "fast-check";
import { FORMATS } from "../../../tracer/index.ts";
import type { Format } from "../../../tracer/index.ts";
import { rig } from "../api/helpers.ts";

const NAMES = [
  "traceparent", "tracestate", "baggage", "itc-stamp", "uber-trace-id", "uberctx-a", "b3",
  "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "x-trace-info", "x-trace-hmac",
  "__proto__", "constructor", "TraceParent",
];
const hexish = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF-:_=,;% \t".split("")), maxLength: 80 });
const value = fc.oneof(fc.string({ maxLength: 120 }), hexish, fc.string({ unit: "binary", maxLength: 40 }));
const carrier = fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 })), value, { maxKeys: 8 });

/** Mutates a valid header value: the inputs most likely to reach deep into a parser. */
const near = (valid: string) =>
  fc.tuple(fc.nat(valid.length), fc.nat(3), fc.string({ maxLength: 3 })).map(([at, cut, ins]) => valid.slice(0, at) + ins + valid.slice(at + cut));

test("extract never throws on generated header maps, in any format or list of formats", (t) => {
  const r = rig({ metadata: "itc", hmacKeys: ["k"] });
  const formats = fc.oneof(fc.constantFrom(...FORMATS), fc.subarray([...FORMATS]));
  t.notThrows(() =>
    fc.assert(
      fc.property(carrier, formats, (headers, format) => {
        r.tracer.extract(headers, format as Format | Format[]);
      }),
      { numRuns: 2000 },
    ),
  );
  // The catch-all in extract is a last resort: no codec should ever have needed it.
  for (const reasons of Object.values(r.tracer.propagation)) t.false("internal-error" in reasons);
});

test("extract never throws on near-valid headers, and any context it returns is well formed", (t) => {
  const r = rig({ metadata: "itc", hmacKeys: ["k"] });
  const s = r.tracer.startSpan("s").setBaggage("k", "v w");
  s.annotate("a");
  const valid: Record<string, string> = {};
  r.tracer.inject(s, valid, [...FORMATS]);
  const keys = Object.keys(valid);
  fc.assert(
    fc.property(
      fc.constantFrom(...keys).chain((key) => near(valid[key]!).map((v) => ({ ...valid, [key]: v }))),
      fc.constantFrom(...FORMATS),
      (headers, format) => {
        const ctx = r.tracer.extract(headers, format);
        if (ctx === undefined) return;
        if (!/^[0-9a-f]{32}$/.test(ctx.traceId) || /^0+$/.test(ctx.traceId)) throw new Error(`bad trace id ${ctx.traceId}`);
        if (!/^[0-9a-f]{16}$/.test(ctx.spanId) || /^0+$/.test(ctx.spanId)) throw new Error(`bad span id ${ctx.spanId}`);
      },
    ),
    { numRuns: 3000 },
  );
  t.true(Object.values(r.tracer.propagation).some((reasons) => Object.keys(reasons).length > 0));
  for (const reasons of Object.values(r.tracer.propagation)) t.false("internal-error" in reasons);
});

test("extract survives non-string values and odd carriers", (t) => {
  const r = rig({ metadata: "itc", hmacKeys: ["k"] });
  const odd = [{ traceparent: 5 }, { b3: null }, { "uber-trace-id": {} }, Object.create(null), { "x-trace-info": [] }];
  for (const h of odd) for (const f of FORMATS) t.notThrows(() => r.tracer.extract(h as never, f));
  for (const reasons of Object.values(r.tracer.propagation)) t.false("internal-error" in reasons);
  t.is(r.tracer.extract(null as never), undefined);
});

test("inject then extract gives back the context, in every id format", (t) => {
  t.notThrows(() => fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 8 }), fc.boolean(), fc.constantFrom<Format>("w3c", "jaeger", "b3", "b3multi", "osprofiler"), (seed, sampled, format) => {
      const r = rig({ seed, metadata: "itc", hmacKeys: ["k"], sampler: { shouldSample: () => ({ decision: sampled }) } });
      const s = r.tracer.startSpan("s");
      const h: Record<string, string> = {};
      r.tracer.inject(s, h, [format, "itc"]);
      const ctx = r.tracer.extract(h, [format, "itc"]);
      if (format === "osprofiler" && !sampled) return ctx === undefined;
      return ctx !== undefined && ctx.traceId === s.traceId && ctx.spanId === s.spanId && ctx.sampled === sampled && (!sampled || ctx.itc !== undefined);
    }),
    { numRuns: 300 },
  ));
});
