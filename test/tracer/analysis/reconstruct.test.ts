import test from "ava";
import fc from "fast-check";
import seedrandom from "seedrandom";
import {
  compareDags,
  dagFromItc,
  dagFromParents,
  edgeList,
  ReconstructionError,
  reconstructionAgreement,
  spansFromDag,
  transitiveReduction,
} from "../../../tracer/analysis/reconstruct/index.ts";
import type { TraceEvent } from "../../../tracer/model/types.ts";
import { dropEvents, randomRecording, randomTrace, Recorder, rpc } from "./synthetic.ts";

test("explicit parents and ITC stamps give the same DAG when nothing is lost", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 5, max: 400 }), (seed, size) => {
      const trace = randomTrace({ seed: String(seed), targetEvents: size });
      const explicit = dagFromParents(trace);
      const itc = dagFromItc(trace);
      const cmp = compareDags(explicit, itc);
      t.deepEqual(cmp.onlyInFirst, []);
      t.deepEqual(cmp.onlyInSecond, []);
      t.true(cmp.agree);
      t.false(explicit.partial);
      t.false(itc.partial);
      t.deepEqual(itc.indistinct, []);
      // The ITC DAG is already reduced, and byte-identical to the reduced explicit one.
      t.deepEqual(edgeList(transitiveReduction(itc)), edgeList(itc));
      t.deepEqual(edgeList(transitiveReduction(explicit)), edgeList(itc));
    }),
    { numRuns: 40 },
  );
});

test("the reduction drops exactly the redundant recorded edges (a reply's recv also names the request's send)", (t) => {
  const r = new Recorder("a".repeat(32));
  const root = r.root("horizon", "h1", "GET /", 0);
  rpc(r, root, "keystone", "k1", "validate", 100, (server) => r.work(server, 500));
  r.end(root);
  const dag = dagFromParents(r.trace());
  const reduced = transitiveReduction(dag);
  t.is(edgeList(dag).length - edgeList(reduced).length, 1);
  const recv = r.events.find((e) => e.kind === "recv")!;
  const send = r.events.find((e) => e.kind === "send")!;
  t.true(edgeList(dag).includes(`${send.eventId}→${recv.eventId}`));
  t.false(edgeList(reduced).includes(`${send.eventId}→${recv.eventId}`));
});

test("lost events: the trace is partial, missing parents are named, and no edge is invented", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 10, max: 200 }), fc.double({ min: 0.01, max: 0.3, noNaN: true }), (seed, size, rate) => {
      const full = randomTrace({ seed: String(seed), targetEvents: size });
      const rng = seedrandom.alea(`${seed}/loss`);
      const lost = new Set(full.events.filter(() => rng() < rate).map((e) => e.eventId));
      const kept = dropEvents(full, lost);
      const fullReduced = transitiveReduction(dagFromParents(full));

      const explicit = dagFromParents(kept);
      const referenced = new Set(kept.events.flatMap((e) => e.parents.filter((p) => lost.has(p))));
      t.deepEqual(explicit.missing.map((m) => m.eventId), [...referenced].sort());
      // A span whose start or end was lost is incomplete (a lost last event is referenced by nothing).
      const has = (spanId: string, kind: string) => kept.events.some((e) => e.spanId === spanId && e.kind === kind);
      const incomplete = [...new Set(kept.events.map((e) => e.spanId))].filter((s) => !has(s, "start") || !has(s, "end")).sort();
      t.deepEqual(explicit.incompleteSpans, incomplete);
      t.is(explicit.partial, referenced.size > 0 || incomplete.length > 0);
      const recorded = new Set(kept.events.flatMap((e) => e.parents.map((p) => `${p}→${e.eventId}`)));
      for (const edge of edgeList(explicit)) t.true(recorded.has(edge), `explicit edge ${edge} was not recorded`);

      // ITC: every edge it keeps is an edge of the full trace; every event whose direct
      // predecessor was lost is flagged; unflagged events keep exactly their full-trace parents.
      const itc = dagFromItc(kept);
      const fullEdges = new Set(edgeList(fullReduced));
      for (const edge of edgeList(itc)) t.true(fullEdges.has(edge), `ITC edge ${edge} is not in the full trace`);
      t.is(itc.partial, explicit.partial);
      const flagged = new Set(itc.gaps.map((g) => g.eventId));
      for (const e of kept.events) {
        const fullParents = fullReduced.parents[fullReduced.indexOf.get(e.eventId)!]!.map((p) => fullReduced.events[p]!.eventId);
        if (fullParents.some((p) => lost.has(p))) t.true(flagged.has(e.eventId) || itc.incompleteSpans.includes(e.spanId), `event ${e.eventId} lost a parent unnoticed`);
        const got = itc.parents[itc.indexOf.get(e.eventId)!]!.map((p) => itc.events[p]!.eventId).sort();
        if (!flagged.has(e.eventId)) t.deepEqual(got, fullParents.sort());
      }
    }),
    { numRuns: 40 },
  );
});

test("a lost message names the missing send and leaves the receiver without that edge", (t) => {
  const r = new Recorder("b".repeat(32));
  const root = r.root("horizon", "h1", "GET /", 0);
  rpc(r, root, "keystone", "k1", "validate", 100, (server) => r.work(server, 500));
  r.end(root);
  const send = r.events.find((e) => e.kind === "send")!;
  const serverStart = r.events.find((e) => e.parents.includes(send.eventId))!;
  const dag = dagFromParents(dropEvents(r.trace(), new Set([send.eventId])));
  t.true(dag.partial);
  const referencing = r.events.filter((e) => e.parents.includes(send.eventId)).map((e) => e.eventId);
  t.deepEqual(dag.missing, [{ eventId: send.eventId, referencedBy: referencing.sort() }]);
  t.is(referencing.length, 2, "the server's start and the client's recv both name the send");
  t.deepEqual(dag.parents[dag.indexOf.get(serverStart.eventId)!], []);
  const itc = dagFromItc(dropEvents(r.trace(), new Set([send.eventId])));
  t.true(itc.partial);
  const gap = itc.gaps.find((g) => g.eventId === serverStart.eventId);
  t.is(gap?.reason, "unexplained-stamp");
  t.deepEqual(itc.parents[itc.indexOf.get(serverStart.eventId)!], []);
});

test("input order does not matter: the DAG is canonical", (t) => {
  const trace = randomTrace({ seed: "shuffle", targetEvents: 150 });
  const rng = seedrandom.alea("shuffle/order");
  const shuffled = [...trace.events].sort(() => rng() - 0.5);
  const a = dagFromParents(trace);
  const b = dagFromParents({ ...trace, events: shuffled });
  t.deepEqual(a.events.map((e) => e.eventId), b.events.map((e) => e.eventId));
  t.deepEqual(edgeList(dagFromItc(trace)), edgeList(dagFromItc({ ...trace, events: shuffled })));
});

test("the span projection recovers every span's parent, from the events' own field or causally", (t) => {
  for (const seed of ["spans-1", "spans-2", "spans-3"]) {
    const r = randomRecording({ seed, targetEvents: 300 });
    const trace = r.trace();
    const stripped = { ...trace, events: trace.events.map(({ parentSpanId: _drop, ...e }) => e) };
    for (const input of [trace, stripped]) {
      const spans = spansFromDag(dagFromParents(input));
      t.is(spans.length, new Set(trace.events.map((e) => e.spanId)).size);
      for (const s of spans) t.is(s.parentSpanId, r.parentOf.get(s.spanId), `parent of ${s.name}`);
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      for (const s of spans) {
        if (s.parentSpanId === undefined) continue;
        const p = byId.get(s.parentSpanId)!;
        t.true(p.start <= s.start, `${s.name} starts inside its parent ${p.name}`);
      }
    }
  }
});

const ev = (eventId: string, parents: string[], extra: Partial<TraceEvent> = {}): TraceEvent => ({
  traceId: "c".repeat(32),
  eventId,
  kind: "annotate",
  name: "op",
  service: "svc",
  host: "h",
  timestamp: 0,
  spanId: "1".repeat(16),
  parents,
  ...extra,
});

test("bad input gives a typed error naming the trace and the event", (t) => {
  const traceId = "c".repeat(32);
  const dup = t.throws(() => dagFromParents({ traceId, events: [ev("01", []), ev("01", [])] }), { instanceOf: ReconstructionError });
  t.is(dup?.message, `trace ${traceId}, event 01: event id appears twice`);
  const cycle = t.throws(() => dagFromParents({ traceId, events: [ev("01", ["02"]), ev("02", ["01"])] }), { instanceOf: ReconstructionError });
  t.is(cycle?.reason, "cycle");
  t.is(t.throws(() => dagFromParents({ traceId, events: [ev("01", ["01"])] }))?.message, `trace ${traceId}, event 01: event names itself as a parent`);
  t.is(
    t.throws(() => dagFromItc({ traceId, events: [ev("01", [])] }))?.message,
    `trace ${traceId}, event 01: event has no ITC stamp (was the trace recorded with ITC metadata?)`,
  );
  const bad = t.throws(() => dagFromItc({ traceId, events: [ev("01", [], { itc: "!!" })] }), { instanceOf: ReconstructionError });
  t.is(bad?.reason, "bad-stamp");
  t.regex(bad!.message, /event 01: ITC stamp "!!" is invalid/);
  t.is(t.throws(() => dagFromParents({ traceId, events: [ev("01", [], { traceId: "d".repeat(32) })] }), { instanceOf: ReconstructionError })?.reason, "mixed-traces");
});

test("equal stamps on distinct events are reported, and ITC puts no edge between them", (t) => {
  const r = new Recorder("e".repeat(32));
  const root = r.root("svc", "h1", "op", 0);
  r.work(root, 10);
  r.annotate(root, "a");
  r.work(root, 10);
  r.end(root);
  const [start, note, end] = r.events as [TraceEvent, TraceEvent, TraceEvent];
  // An instrumentation bug: the annotation re-used the start's stamp instead of recording an event.
  const buggy = [start, { ...note, itc: start.itc! }, end];
  const dag = dagFromItc({ traceId: r.traceId, events: buggy });
  t.deepEqual(dag.indistinct, [[start.eventId, note.eventId].sort()]);
  t.false(edgeList(dag).includes(`${start.eventId}→${note.eventId}`));
  t.false(edgeList(dag).includes(`${note.eventId}→${start.eventId}`));
});

test("the agreement report counts traces where both reconstructions match", (t) => {
  const traces = Array.from({ length: 6 }, (_, i) => randomTrace({ seed: `agree-${i}`, targetEvents: 60 }));
  const report = reconstructionAgreement([...traces, { traceId: "f".repeat(32), events: [], spans: [] }]);
  t.deepEqual(report, { traces: 7, compared: 6, complete: 6, agree: 6, partial: 0, partialConsistent: 0, disagreements: [] });
  const lossy = traces.map((tr) => dropEvents(tr, new Set([tr.events[5]!.eventId])));
  const withLoss = reconstructionAgreement(lossy);
  t.is(withLoss.partial, 6);
  t.is(withLoss.partialConsistent, 6, JSON.stringify(withLoss.disagreements));
});

test("ITC reconstruction is not quadratic: stamp comparisons per event stay flat as traces grow", (t) => {
  const perEvent = (size: number) => {
    let total = 0;
    let events = 0;
    let width = 0;
    for (let i = 0; i < 3; i++) {
      const trace = randomTrace({ seed: `growth-${size}-${i}`, targetEvents: size, maxFanOut: 3 });
      const counters = { comparisons: 0, chains: 0 };
      dagFromItc(trace, { counters });
      total += counters.comparisons;
      events += trace.events.length;
      width = Math.max(width, counters.chains);
    }
    return { perEvent: total / events, width };
  };
  const small = perEvent(250);
  const large = perEvent(2000);
  // About one comparison per concurrent chain; a pairwise method would do ~n/2 per event
  // (1000 at n = 2000), and its per-event work would grow 8× from 250 to 2000 events.
  t.true(large.perEvent < 2 * large.width, `${large.perEvent} comparisons per event with ${large.width} chains`);
  t.true(large.perEvent < 50, `${large.perEvent} comparisons per event`);
  t.true(large.perEvent < 4 * small.perEvent, `per-event work grew from ${small.perEvent} to ${large.perEvent}`);
});
