import test from "ava";
import { Rng } from "../../../sim/kernel/rng.ts";
import { outcomeOf, TraceReservoir } from "../../../sim/run/reservoir.ts";
import type { Outcome } from "../../../sim/run/reservoir.ts";
import type { Trace } from "../../../tracer/index.ts";

const trace = (traceId: string): Trace => ({ traceId, events: [], spans: [] });

function reservoir(capacity: number) {
  const passed: string[] = [];
  const r = new TraceReservoir(capacity, ["before", "during"], new Rng("reservoir-test").stream("r"), (id) => passed.push(id));
  const offer = (id: string, period = 0, outcome: Outcome = "ok") => r.offer(period, { traceId: id, workflow: "w", outcome, start: Number.parseInt(id.slice(1), 10), latencyNs: 1 });
  return { r, offer, passed };
}

test("wants: chosen and unfinished traces may be wanted; passed-over ones never are", (t) => {
  const { r, offer, passed } = reservoir(2);
  offer("t1");
  offer("t2");
  t.true(r.wants("t1"));
  t.true(r.wants("t2"));
  t.true(r.wants("t-running")); // its request has not finished: nobody knows yet
  r.pass("t-failed");
  t.false(r.wants("t-failed"));
  // Algorithm R: later offers are chosen with falling odds, and a chosen one replaces another.
  for (let i = 3; i <= 40; i++) offer(`t${i}`);
  const kept = new Set(["t1", "t2", ...Array.from({ length: 38 }, (_, i) => `t${i + 3}`)].filter((id) => !passed.includes(id)));
  t.is(kept.size, 2);
  for (let i = 1; i <= 40; i++) t.is(r.wants(`t${i}`), kept.has(`t${i}`), `t${i}`);
  t.deepEqual(passed.slice(0, 1), ["t-failed"]);
  t.is(passed.length, 1 + 38);
});

test("a period the reservoir does not keep (or capacity 0) passes every trace", (t) => {
  const { r, offer, passed } = reservoir(0);
  offer("t1");
  offer("t2", 1);
  t.deepEqual(passed, ["t1", "t2"]);
  t.false(r.wants("t1"));
  // With no slots nothing is ever kept: a running request's trace is not wanted either, so the
  // collector only counts its records from the first one on.
  t.false(r.wants("t-running"));
  const other = reservoir(3);
  other.offer("t9", -1); // before the first period
  t.false(other.r.wants("t9"));
});

test("only chosen traces are kept when the collector delivers them, in start order", (t) => {
  const { r, offer } = reservoir(2);
  offer("t5");
  offer("t3");
  r.receive(trace("t3"));
  r.receive(trace("t5"));
  r.receive(trace("t7")); // never offered
  t.deepEqual(r.traces().map((k) => k.traceId), ["t3", "t5"]);
});

test("a trace assembled before its request ended is held until the request ends, and records that come after it join it", (t) => {
  const { r, offer } = reservoir(1);
  const span = (traceId: string, spanId: string) => ({ traceId, spanId, name: "s", kind: "internal", start: 0, end: 1, status: { code: "unset" }, attributes: {}, service: "a", host: "h" }) as unknown as Trace["spans"][number];
  // t1's request waited longer than the backend's assembly window: its trace came first.
  r.receive({ traceId: "t1", events: [], spans: [span("t1", "a")] });
  r.late({ type: "span", span: span("t1", "b") });
  r.late({ type: "span", span: span("t1", "b") }); // the same record twice joins once
  r.receive(trace("t2")); // t2 is never chosen: its trace goes when it is passed over
  offer("t1");
  r.pass("t2");
  r.late({ type: "span", span: span("t1", "c") });
  r.late({ type: "span", span: span("t2", "d") });
  const kept = r.traces();
  t.deepEqual(kept.map((k) => k.traceId), ["t1"]);
  t.deepEqual(kept[0]!.trace!.spans.map((s) => s.spanId), ["a", "b", "c"]);
  t.is(r["early"].size, 0);
  // Held traces are bounded (a request forgotten long ago looks unfinished): the oldest go first.
  for (let i = 0; i <= 1 << 16; i++) r.receive(trace(`e${i}`));
  t.is(r["early"].size, 1 << 16);
  t.false(r["early"].has("e0"));
  t.true(r["early"].has(`e${1 << 16}`));
});

test("failed and timed-out requests are kept in their own strata, each weighted by requests seen per trace kept", (t) => {
  const { r, offer } = reservoir(2);
  for (let i = 1; i <= 10; i++) offer(`t${i}`);
  offer("t11", 0, "error");
  offer("t12", 0, "timeout");
  offer("t13", 0, "timeout");
  offer("t14", 0, "timeout");
  offer("t15", 1, "error");
  for (const k of [...r["wanted"].values()]) r.receive(trace(k.traceId));
  const kept = r.traces();
  const by = (o: Outcome, period = "before") => kept.filter((k) => k.outcome === o && k.period === period);
  t.is(by("ok").length, 2);
  t.deepEqual(by("ok").map((k) => k.weight), [5, 5]);
  t.deepEqual(by("error").map((k) => [k.traceId, k.weight]), [["t11", 1]]);
  t.is(by("timeout").length, 2);
  t.deepEqual(by("timeout").map((k) => k.weight), [1.5, 1.5]);
  t.deepEqual(by("error", "during").map((k) => k.traceId), ["t15"]);
  t.deepEqual(r.traces("error").map((k) => k.traceId), ["t11", "t15"]);
  // Within a period, every outcome together in start order.
  t.deepEqual(kept.filter((k) => k.period === "before").map((k) => k.start), [...kept.filter((k) => k.period === "before").map((k) => k.start)].sort((a, b) => a - b));
});

test("an error message that speaks of a timeout is a timeout", (t) => {
  t.is(outcomeOf(true, undefined), "ok");
  t.is(outcomeOf(false, "MessagingTimeout: no reply on reply_abc"), "timeout");
  t.is(outcomeOf(false, "request timed out after 600 s"), "timeout");
  t.is(outcomeOf(false, "HTTP 500"), "error");
  t.is(outcomeOf(false, undefined), "error");
});

test("a rare workflow keeps its own traces beside a common one, each weighted within its workflow", (t) => {
  const r = new TraceReservoir(3, ["before"], new Rng("reservoir-test").stream("r"));
  const offer = (i: number, workflow: string) => r.offer(0, { traceId: `t${i}`, workflow, outcome: "ok", start: i, latencyNs: 1 });
  for (let i = 1; i <= 60; i++) offer(i, "server-list");
  offer(61, "server-create");
  offer(62, "server-create");
  for (const k of [...r["wanted"].values()]) r.receive(trace(k.traceId));
  const kept = r.traces();
  const of = (w: string) => kept.filter((k) => k.workflow === w);
  // 60 common requests share 3 slots (weight 20 each); both rare ones are kept (weight 1).
  t.deepEqual(of("server-list").map((k) => k.weight), [20, 20, 20]);
  t.deepEqual(of("server-create").map((k) => [k.traceId, k.weight]), [["t61", 1], ["t62", 1]]);
  // The weights add up to the requests seen.
  t.is(kept.reduce((n, k) => n + k.weight, 0), 62);
});
