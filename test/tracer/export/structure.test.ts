// The structure check every importer shares: the same trace, written as Jaeger UI JSON, as
// OTLP/JSON and as a span list, is refused for the same reasons with a message naming the span
// and where it is, and a span whose parent is missing is accepted with a warning.
import test from "ava";
import { importTraceText } from "../../../tracer/export/import.ts";
import { TraceFileError } from "../../../tracer/export/errors.ts";
import { diagnose } from "../../../tracer/analysis/diagnose/index.ts";

interface S {
  readonly id: string;
  readonly parent?: string;
  readonly follows?: string;
  readonly start: number;
  readonly duration: number;
}

const hex = (id: string): string => id.padStart(16, "0");
const TRACE = "0af7651916cd43dd8448eb211c80319c";

function jaeger(spans: readonly S[]): string {
  return JSON.stringify({
    data: [
      {
        traceID: TRACE,
        spans: spans.map((s) => ({
          traceID: TRACE,
          spanID: hex(s.id),
          operationName: `op-${s.id}`,
          references: [
            ...(s.parent === undefined ? [] : [{ refType: "CHILD_OF", traceID: TRACE, spanID: hex(s.parent) }]),
            ...(s.follows === undefined ? [] : [{ refType: "FOLLOWS_FROM", traceID: TRACE, spanID: hex(s.follows) }]),
          ],
          startTime: s.start,
          duration: s.duration,
          processID: "p1",
        })),
        processes: { p1: { serviceName: "svc" } },
      },
    ],
  });
}

function otlp(spans: readonly S[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
        scopeSpans: [
          {
            spans: spans.map((s) => ({
              traceId: TRACE,
              spanId: hex(s.id),
              ...(s.parent === undefined ? {} : { parentSpanId: hex(s.parent) }),
              name: `op-${s.id}`,
              startTimeUnixNano: String(s.start * 1000),
              endTimeUnixNano: String((s.start + s.duration) * 1000),
              ...(s.follows === undefined ? {} : { links: [{ traceId: TRACE, spanId: hex(s.follows) }] }),
            })),
          },
        ],
      },
    ],
  });
}

function spanList(spans: readonly S[]): string {
  return JSON.stringify({
    traceID: TRACE,
    spans: spans.map((s) => ({
      spanID: hex(s.id),
      parentSpanID: s.parent === undefined ? null : hex(s.parent),
      operationName: `op-${s.id}`,
      serviceName: "svc",
      startTime: s.start,
      duration: s.duration,
      references: [
        ...(s.parent === undefined ? [] : [{ refType: "CHILD_OF", spanID: hex(s.parent) }]),
        ...(s.follows === undefined ? [] : [{ refType: "FOLLOWS_FROM", spanID: hex(s.follows) }]),
      ],
    })),
  });
}

const FORMATS = {
  jaeger: { write: jaeger, span: (i: number) => `$.data[0].spans[${i}]` },
  otlp: { write: otlp, span: (i: number) => `$.resourceSpans[0].scopeSpans[0].spans[${i}]` },
  "span list": { write: spanList, span: (i: number) => `$.spans[${i}]` },
} as const;

function refusal(text: string): TraceFileError {
  const e = (() => {
    try {
      importTraceText(text, "t.json");
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  if (!(e instanceof TraceFileError)) throw new Error(`expected a TraceFileError, got ${String(e)}`);
  return e;
}

const root: S = { id: "1", start: 1000, duration: 100 };

const CASES: readonly { name: string; spans: S[]; at: number; problem: RegExp }[] = [
  {
    name: "a repeated span id (the two-span file that made diagnose recurse forever)",
    spans: [root, { id: "1", parent: "1", start: 1010, duration: 10 }],
    at: 1,
    problem: /^span "0+1" repeats the span id of \S+ in trace "0af7651916cd43dd8448eb211c80319c"; span ids must be unique within a trace$/,
  },
  {
    name: "a span that is its own parent",
    spans: [root, { id: "2", parent: "2", start: 1010, duration: 10 }],
    at: 1,
    problem: /^span "0+2" is its own parent$/,
  },
  {
    name: "a cycle of parents",
    spans: [root, { id: "2", parent: "3", start: 1010, duration: 10 }, { id: "3", parent: "2", start: 1020, duration: 10 }],
    at: 1,
    problem: /^spans "0+2" → "0+3" → "0+2" reference each other in a cycle; a span's parent and references must lead back to a root$/,
  },
  {
    name: "a cycle through a FOLLOWS_FROM reference",
    spans: [root, { id: "2", parent: "1", follows: "3", start: 1010, duration: 10 }, { id: "3", parent: "2", start: 1020, duration: 10 }],
    at: 1,
    problem: /^spans "0+2" → "0+3" → "0+2" reference each other in a cycle/,
  },
  {
    name: "a span ending before it starts",
    spans: [root, { id: "2", parent: "1", start: 1010, duration: -5 }],
    at: 1,
    problem: /^span "0+2" ends before it starts \(/,
  },
];

for (const c of CASES) {
  for (const [format, { write, span }] of Object.entries(FORMATS)) {
    test(`${format}: ${c.name} is refused, naming the span and where it is`, (t) => {
      const e = refusal(write(c.spans));
      t.is(e.where, span(c.at));
      t.regex(e.problem, c.problem);
      t.is(e.message, `t.json: ${e.where}: ${e.problem}`);
    });
  }
}

for (const [format, { write, span }] of Object.entries(FORMATS)) {
  test(`${format}: a span whose parent is not in the trace is accepted as a root, with a warning`, (t) => {
    const [trace] = importTraceText(write([root, { id: "2", parent: "9", start: 1010, duration: 10 }]), "t.json");
    t.is(trace!.spans.length, 2);
    t.deepEqual(trace!.warnings, [
      `t.json: ${span(1)}: span "0000000000000002"'s parent "0000000000000009" is not in trace "${TRACE}" (a partial trace); the span is taken as a root`,
    ]);
  });

  test(`${format}: a well-formed trace has no warnings`, (t) => {
    const [trace] = importTraceText(write([root, { id: "2", parent: "1", follows: "1", start: 1010, duration: 10 }]), "t.json");
    t.is(trace!.warnings, undefined);
  });
}

test("many orphans: three are spelled out, the rest counted", (t) => {
  const spans: S[] = [root, ...Array.from({ length: 7 }, (_, i) => ({ id: String(i + 2), parent: "f", start: 1010, duration: 10 }))];
  const [trace] = importTraceText(jaeger(spans), "t.json");
  t.is(trace!.warnings!.length, 4);
  t.is(trace!.warnings![3], `t.json: trace "${TRACE}": 4 more spans whose parent is not in the trace`);
});

test("diagnose walks each span once: a repeated id or a cycle handed to it directly cannot make it loop", (t) => {
  const span = (id: string, parent: string | undefined, start: number, end: number) => ({
    traceId: "t",
    spanId: id,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    links: [],
    kind: "server" as const,
    name: "op",
    service: "svc",
    host: "",
    start,
    end,
    attributes: {},
    status: { code: "unset" as const },
    logs: [],
  });
  const repeated = { traceId: "t", events: [], spans: [span("a", undefined, 0, 100), span("a", "a", 10, 20)] };
  const cycle = { traceId: "u", events: [], spans: [span("r", undefined, 0, 100), span("a", "b", 10, 20), span("b", "a", 10, 30)] };
  const d = diagnose([repeated, cycle], [repeated, cycle]);
  t.is(d.before.traces, 2);
  t.is(d.after.traces, 2);
});
