// Every conformance case shipped in ../shared/testdata/critical-path (Jaeger UI's and CRISP's own
// test cases, with their expected answers) must pass in its semantics. Without that folder the
// cases are skipped with a notice (and fail under TRACEBED_REQUIRE_EXTERNAL=1).
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spanCriticalPath } from "../../../tracer/analysis/span-critical-path/index.ts";
import type { CpSpan } from "../../../tracer/analysis/span-critical-path/index.ts";
import { skippedBecause, testdata, testdataRoot } from "../../helpers/external.ts";

const ROOT = testdata("critical-path");

interface CaseFile {
  name: string;
  spans: CpSpan[];
  expectedCriticalPath?: { spanId: string; section_start: number; section_end: number }[];
  expectedOpTimeExclusive?: Record<string, number>;
  expectedCriticalPathSpans?: string[];
  expectedCallPathExclusive?: Record<string, number>;
  exclusionSet?: [string, string][];
}

function load(root: string, folder: string): [string, CaseFile][] {
  const dir = join(root, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), "utf8")) as CaseFile]);
}

if (ROOT === undefined) {
  skippedBecause("the 46 critical-path conformance cases (Jaeger UI's and CRISP's)", `${testdataRoot()}/critical-path is not there (set TRACEBED_TESTDATA to the shared testdata folder)`, () => testdata("critical-path") === undefined);
} else {
  conformance(ROOT);
}

function conformance(root: string): void {
  const jaegerCases = load(root, "jaeger-ui");
  const crispCases = load(root, "crisp");

  test("the shared conformance folder holds all 46 cases", (t) => {
    t.is(jaegerCases.length, 9);
    t.is(crispCases.length, 37);
  });

  for (const [file, c] of jaegerCases) {
    test(`jaeger semantics: jaeger-ui/${file} sections match Jaeger's expected critical path`, (t) => {
      t.truthy(c.expectedCriticalPath);
      const got = spanCriticalPath(c.spans, "jaeger").sections.map((s) => ({
        spanId: s.spanID,
        section_start: s.start,
        section_end: s.end,
      }));
      t.deepEqual(got, c.expectedCriticalPath);
    });
  }

  for (const [file, c] of crispCases) {
    test(`crisp semantics: crisp/${file} matches CRISP's expectations`, (t) => {
      const exclude = c.exclusionSet?.map(([s, o]) => [s, o] as const);
      const got = spanCriticalPath(c.spans, "crisp", exclude === undefined ? { callPaths: true } : { exclude, callPaths: true });
      let checked = 0;
      if (c.expectedOpTimeExclusive !== undefined) {
        t.deepEqual({ ...got.exclusive }, c.expectedOpTimeExclusive);
        checked++;
      }
      if (c.expectedCriticalPathSpans !== undefined) {
        t.deepEqual([...got.path], c.expectedCriticalPathSpans);
        checked++;
      }
      if (c.expectedCallPathExclusive !== undefined) {
        t.deepEqual({ ...got.callPathExclusive }, c.expectedCallPathExclusive);
        checked++;
      }
      t.true(checked > 0, "each case carries at least one expectation");
    });
  }

  // The README's table of where the two semantics disagree, run through the other semantics.
  function crispCase(name: string): CaseFile {
    return crispCases.find(([f]) => f === name)![1];
  }

  test("jaeger semantics on crisp/tc-10: the 1 µs-overlapping sibling C is not on the path", (t) => {
    const got = spanCriticalPath(crispCase("tc-10.json").spans, "jaeger");
    t.deepEqual({ ...got.exclusive }, { "[S1] O1": 500, "[S4] O4": 300, "[S2] O2": 200 });
  });

  for (const name of ["tc-19.json", "tc-20.json", "tc-21.json"]) {
    test(`jaeger semantics on crisp/${name}: 5 µs overlaps are not allowed`, (t) => {
      const got = spanCriticalPath(crispCase(name).spans, "jaeger");
      t.deepEqual({ ...got.exclusive }, { "[S4] O4": 300, "[S1] O1": 100, "[S2] O2": 200 });
    });
  }

  test("jaeger semantics on crisp/unit-mild_overlap_graph: C then A, tiling the root", (t) => {
    const got = spanCriticalPath(crispCase("unit-mild_overlap_graph.json").spans, "jaeger");
    t.deepEqual(got.sections, [
      { spanID: "C", start: 495, end: 1000 },
      { spanID: "A", start: 0, end: 495 },
    ]);
  });

  test("jaeger semantics on crisp/unit-timeskew_graph: the skewed server child is dropped", (t) => {
    const got = spanCriticalPath(crispCase("unit-timeskew_graph.json").spans, "jaeger");
    t.deepEqual(got.sections, [
      { spanID: "A", start: 60, end: 100 },
      { spanID: "B", start: 10, end: 60 },
      { spanID: "A", start: 0, end: 10 },
    ]);
  });
}
