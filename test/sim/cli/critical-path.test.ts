import test from "ava";
import { tempFile, tracebedInProcess } from "./helpers.ts";

// Root 0..100 µs calls A (10..40) then B (50..90): the path is root, B, root, A, root.
const jaegerFile = JSON.stringify({
  data: [
    {
      traceID: "00000000000000000000000000000abc",
      spans: [
        { traceID: "00000000000000000000000000000abc", spanID: "0000000000000001", operationName: "GET /page", references: [], startTime: 1000, duration: 100, processID: "p1", tags: [], logs: [] },
        { traceID: "00000000000000000000000000000abc", spanID: "0000000000000002", operationName: "list", references: [{ refType: "CHILD_OF", traceID: "00000000000000000000000000000abc", spanID: "0000000000000001" }], startTime: 1010, duration: 30, processID: "p2", tags: [], logs: [] },
        { traceID: "00000000000000000000000000000abc", spanID: "0000000000000003", operationName: "show", references: [{ refType: "CHILD_OF", traceID: "00000000000000000000000000000abc", spanID: "0000000000000001" }], startTime: 1050, duration: 40, processID: "p2", tags: [], logs: [] },
      ],
      processes: { p1: { serviceName: "horizon", tags: [] }, p2: { serviceName: "nova-api", tags: [] } },
    },
  ],
});

test("critical-path --json prints sections in walk order and exclusive time per operation", async (t) => {
  const file = tempFile("trace.json", jaegerFile);
  const r = await tracebedInProcess(["critical-path", file, "--json"]);
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { traces: { traceID: string; sections: { spanID: string; start: number; end: number }[]; exclusive: Record<string, number> }[] };
  t.is(out.traces.length, 1);
  t.is(out.traces[0]!.traceID, "00000000000000000000000000000abc");
  t.deepEqual(
    out.traces[0]!.sections.map((s) => [s.spanID.slice(-1), s.start, s.end]),
    [["1", 1090, 1100], ["3", 1050, 1090], ["1", 1040, 1050], ["2", 1010, 1040], ["1", 1000, 1010]],
  );
  t.deepEqual(out.traces[0]!.exclusive, { "[horizon] GET /page": 30, "[nova-api] show": 40, "[nova-api] list": 30 });
});

test("critical-path: a bad option or a malformed file exits 2 with a message", async (t) => {
  const file = tempFile("trace.json", jaegerFile);
  const bad = await tracebedInProcess(["critical-path", file, "--semantics", "zipkin"]);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /^critical-path: --semantics: .*"jaeger".*"crisp"/);
  const broken = tempFile("broken.json", '{"data": [ {"traceID": 1,');
  const r = await tracebedInProcess(["critical-path", broken]);
  t.is(r.code, 2);
  t.true(r.stderr.startsWith(broken), r.stderr);
  const missing = await tracebedInProcess(["critical-path", "/nonexistent/trace.json"]);
  t.is(missing.code, 2);
  t.is(missing.stderr, "/nonexistent/trace.json: no such file\n");
});
