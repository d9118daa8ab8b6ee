// Fuzzing every importer (Jaeger UI JSON, OTLP/JSON, span lists, JSON Lines of them) with valid
// files changed in a few places: hostile values, ids reused so references point anywhere (cycles,
// self-parents, duplicates), keys removed or added, elements duplicated, text cut or spliced.
// Whatever comes in, the importer returns traces or throws its typed TraceFileError — never
// another error — the streaming reader agrees with the whole-text reader at any chunk size, and
// what it accepts, the critical path and the diagnosis (what the CLI runs next) analyse without
// throwing anything but a user error. Inputs stay small (a dozen spans), so each case takes
// milliseconds and a hang would show as the test's timeout, not as slowness.
import test from "ava";
import fc from "fast-check";
import { importTraceChunks, importTraceText } from "../../../tracer/export/import.ts";
import type { ImportedTrace } from "../../../tracer/export/import.ts";
import { TraceFileError } from "../../../tracer/export/errors.ts";
import { toJaegerJson } from "../../../tracer/export/jaeger.ts";
import { toOtlpJson } from "../../../tracer/export/otlp.ts";
import { spanCriticalPath } from "../../../tracer/analysis/span-critical-path/index.ts";
import { diagnoseFiles } from "../../../sim/cli/diagnose-files.ts";
import { userError } from "../../../sim/cli/main.ts";
import type { Json, Mutation, TextEdit } from "../../helpers/mutate.ts";
import { editText, mutate, mutation, textEdit } from "../../helpers/mutate.ts";
import { spans, TRACE_ID } from "./fixture.ts";

const EPOCH = { epoch: "2026-01-01T00:00:00Z" };
const trace = { traceId: TRACE_ID, events: [], spans };
const second = { traceId: "0af7651916cd43dd8448eb211c80319c", events: [], spans: spans.map((s) => ({ ...s, traceId: "0af7651916cd43dd8448eb211c80319c" })) };

const spanList: Json = {
  traceID: "t1",
  spans: [
    { spanID: "a", parentSpanID: null, operationName: "GET /", serviceName: "horizon", startTime: 0, duration: 100, references: [] },
    { spanID: "b", parentSpanID: "a", operationName: "auth", serviceName: "keystone", startTime: 10, duration: 30, references: [{ refType: "CHILD_OF", spanID: "a" }] },
    { spanID: "c", parentSpanID: "a", operationName: "list", serviceName: "nova", startTime: 20, duration: 70, references: [{ refType: "CHILD_OF", spanID: "a" }] },
    { spanID: "d", parentSpanID: "c", operationName: "db", serviceName: "nova", startTime: 30, duration: 20, references: [{ refType: "FOLLOWS_FROM", spanID: "b" }] },
  ],
};

const BASES: Readonly<Record<string, Json>> = {
  jaeger: JSON.parse(toJaegerJson([trace, second], EPOCH)) as Json,
  otlp: JSON.parse(toOtlpJson([trace, second], EPOCH)) as Json,
  spans: spanList,
};

/** Every trace, or the TraceFileError's message; anything else is thrown on. */
function outcome(read: () => Iterable<ImportedTrace>): { traces: ImportedTrace[] } | { error: string } {
  try {
    return { traces: [...read()] };
  } catch (e) {
    if (e instanceof TraceFileError) return { error: e.message };
    throw e;
  }
}

const chunks = (text: string, size: number): Uint8Array[] => {
  const bytes = Buffer.from(text, "utf8");
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
};

/** The CLI's next steps on what imports: the critical path of each trace, and a diagnosis of the file against itself. */
function analyse(traces: readonly ImportedTrace[], text: string): void {
  for (const t of traces) {
    spanCriticalPath(t.spans, "jaeger");
    spanCriticalPath(t.spans, "crisp");
  }
  try {
    diagnoseFiles([{ file: "before.json", text }, { file: "after.json", text }]);
  } catch (e) {
    if (userError(e) === undefined) throw e;
  }
}

interface Case {
  readonly base: string;
  readonly mutations: readonly Mutation[];
  readonly edit: TextEdit;
  readonly lines: boolean;
  readonly chunk: number;
}

const fuzzCase: fc.Arbitrary<Case> = fc.record({
  base: fc.constantFrom(...Object.keys(BASES)),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  edit: fc.oneof({ weight: 4, arbitrary: fc.constant({ kind: "none" } as TextEdit) }, { weight: 1, arbitrary: textEdit }),
  lines: fc.boolean(),
  chunk: fc.integer({ min: 1, max: 64 }),
});

test("mutated trace files import as traces or a TraceFileError, the same in chunks, and what imports analyses", (t) => {
  const seen = { imported: 0, refused: 0 };
  const result = fc.check(
    fc.property(fuzzCase, (c) => {
      const doc = mutate(BASES[c.base]!, c.mutations);
      // JSON Lines: the document twice, one per line.
      const body = c.lines ? `${JSON.stringify(doc)}\n${JSON.stringify(BASES[c.base]!)}\n` : JSON.stringify(doc, null, 1);
      const text = editText(body, c.edit);
      const whole = outcome(() => importTraceText(text, "fuzz.json"));
      const streamed = outcome(() => importTraceChunks(chunks(text, c.chunk), "fuzz.json"));
      if (JSON.stringify(whole, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)) !== JSON.stringify(streamed, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))) {
        throw new Error(`the whole-text and chunked readers disagree:\n${JSON.stringify("error" in whole ? whole : "traces")}\n${JSON.stringify("error" in streamed ? streamed : "traces")}`);
      }
      if ("error" in whole) {
        seen.refused++;
        if (!whole.error.startsWith("fuzz.json: ") || whole.error.includes("\n")) throw new Error(`not one line naming the file: ${whole.error}`);
        return;
      }
      seen.imported++;
      analyse(whole.traces, text);
    }),
    { seed: 19, numRuns: 600 },
  );
  t.false(result.failed, `${fc.defaultReportMessage(result) ?? ""}`);
  // The mutations must reach both sides, or the test shows little.
  t.true(seen.imported > 50, `${seen.imported} imported`);
  t.true(seen.refused > 50, `${seen.refused} refused`);
});

test("arbitrary JSON values and bytes import as traces or a TraceFileError", (t) => {
  const result = fc.check(
    fc.property(fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ unit: "binary", maxLength: 200 })), (text) => {
      outcome(() => importTraceText(text, "any.json"));
    }),
    { seed: 19, numRuns: 500 },
  );
  t.false(result.failed, `${fc.defaultReportMessage(result) ?? ""}`);
});
