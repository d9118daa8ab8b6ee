// Properties over random traces: OTLP export/import is lossless; Chrome tracks never hold
// overlapping, non-nested slices; Jaeger export/import keeps the Jaeger critical path.
import test from "ava";
import fc from "fast-check";
import { toOtlpJson } from "../../../tracer/export/otlp.ts";
import { toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { exportChrome } from "../../../tracer/export/chrome.ts";
import { importTraceText } from "../../../tracer/export/import.ts";
import { cpSpansFromRecords, spanCriticalPath } from "../../../tracer/analysis/span-critical-path/index.ts";
import type { AttributeValue, SpanRecord, Trace } from "../../../tracer/model/types.ts";

const TRACE = "0123456789abcdef0123456789abcdef";
const hex16 = (i: number): string => i.toString(16).padStart(16, "0");

const attrValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
);
const attrs = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== "event"), attrValue, { maxKeys: 3 });

const arbTrace: fc.Arbitrary<Trace> = fc
  .array(
    fc.record({
      parent: fc.nat(),
      kind: fc.constantFrom("server", "client", "producer", "consumer", "internal") as fc.Arbitrary<SpanRecord["kind"]>,
      service: fc.constantFrom("horizon", "keystone", "nova"),
      host: fc.constantFrom("ctl-1", "ctl-2"),
      start: fc.integer({ min: 0, max: 1e12 }),
      length: fc.integer({ min: 0, max: 1e9 }),
      attributes: attrs,
      status: fc.constantFrom("unset", "ok", "error") as fc.Arbitrary<"unset" | "ok" | "error">,
      message: fc.option(fc.string({ minLength: 1, maxLength: 5 }), { nil: undefined }),
      logs: fc.array(fc.record({ at: fc.nat(1e6), name: fc.string({ minLength: 1, maxLength: 5 }), attributes: attrs }), { maxLength: 2 }),
      link: fc.option(fc.nat(), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((rows) => ({
    traceId: TRACE,
    events: [],
    spans: rows.map((r, i): SpanRecord => ({
      traceId: TRACE,
      spanId: hex16(i + 1),
      ...(i === 0 ? {} : { parentSpanId: hex16((r.parent % i) + 1) }),
      links: i === 0 || r.link === undefined ? [] : [{ traceId: TRACE, spanId: hex16((r.link % i) + 1) }],
      kind: r.kind,
      name: `op${i}`,
      service: r.service,
      host: r.host,
      start: r.start,
      end: r.start + r.length,
      attributes: r.attributes,
      status: r.message === undefined || r.status === "unset" ? { code: r.status } : { code: r.status, message: r.message },
      logs: r.logs.map((l) => ({ timestamp: r.start + l.at, attributes: { event: l.name, ...l.attributes } })),
    })),
  }));

const bySpanId = (a: SpanRecord, b: SpanRecord): number => (a.spanId < b.spanId ? -1 : 1);

test("OTLP export then import gives back every span exactly", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(arbTrace, (trace) => {
        const [back] = importTraceText(toOtlpJson([trace]), "p.json");
        const got = [...back!.trace.spans].sort(bySpanId);
        const want = [...trace.spans].sort(bySpanId);
        // Links carry no attributes here; compare through JSON so absent vs undefined is irrelevant.
        return JSON.stringify(got.map(canon)) === JSON.stringify(want.map(canon));
      }),
      { numRuns: 150 },
    ),
  );
});

function canon(s: SpanRecord): unknown {
  const sortKeys = (o: Readonly<Record<string, unknown>>): Record<string, unknown> =>
    Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  return sortKeys({
    ...s,
    attributes: sortKeys(s.attributes),
    logs: s.logs.map((l) => ({ timestamp: l.timestamp, attributes: sortKeys(l.attributes) })),
  });
}

test("Chrome export: slices on one track are disjoint or nested", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(arbTrace, (trace) => {
        const slices = exportChrome([trace]).traceEvents.filter((e) => e.ph === "X");
        const tracks = new Map<string, [number, number][]>();
        for (const s of slices) {
          const key = `${s.pid}/${s.tid}`;
          tracks.set(key, [...(tracks.get(key) ?? []), [s.ts!, s.ts! + s.dur!]]);
        }
        for (const list of tracks.values()) {
          for (const [a0, a1] of list) {
            for (const [b0, b1] of list) {
              const ok = a1 <= b0 || b1 <= a0 || (a0 <= b0 && b1 <= a1) || (b0 <= a0 && a1 <= b1);
              if (!ok) return false;
            }
          }
        }
        return slices.length === trace.spans.length;
      }),
      { numRuns: 150 },
    ),
  );
});

test("Jaeger export then import keeps the Jaeger critical path (µs-aligned times)", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(arbTrace, (trace) => {
        const aligned: Trace = {
          ...trace,
          spans: trace.spans.map((s) => ({ ...s, start: s.start * 1000, end: s.end * 1000, logs: [] })),
        };
        const [back] = importTraceText(toJaegerJson([aligned]), "j.json");
        const direct = spanCriticalPath(cpSpansFromRecords(aligned.spans), "jaeger").sections;
        const viaFile = spanCriticalPath(back!.spans, "jaeger").sections.map((s) => ({ ...s, start: s.start * 1000, end: s.end * 1000 }));
        return JSON.stringify(viaFile) === JSON.stringify(direct);
      }),
      { numRuns: 150 },
    ),
  );
});
