// The memoised ITC operations give exactly the plain operations' results, and a tracer with
// the memo records exactly what one without it records.
import test from "ava";
import fc from "fast-check";
import { compare, decodeBase64url, encodeBase64url, toText } from "../../../tracer/itc/index.ts";
import type { Stamp } from "../../../tracer/itc/index.ts";
import { itcStampOps, plainStampOps } from "../../../tracer/tracer/itc-ops.ts";
import type { StampRef } from "../../../tracer/model/stamps.ts";
import { TracerConfigError, createItcMemo } from "../../../tracer/index.ts";
import type { ItcMemo } from "../../../tracer/index.ts";
import { rig } from "./helpers.ts";

type Op = { op: "event"; i: number } | { op: "fork"; i: number } | { op: "join"; i: number; j: number };

const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant("event" as const), i: fc.nat(20) }),
    fc.record({ op: fc.constant("fork" as const), i: fc.nat(20) }),
    fc.record({ op: fc.constant("join" as const), i: fc.nat(20), j: fc.nat(20) }),
  ),
  { maxLength: 60 },
);

/** Runs a history of operations over a pool of live stamps (each stamp used once, as owners do). */
function run(history: readonly Op[], memo: boolean): string[] {
  const o = memo ? itcStampOps() : plainStampOps();
  let pool: StampRef[] = [o.seed()];
  const out: string[] = [];
  for (const step of history) {
    const i = step.i % pool.length;
    const a = pool[i]!;
    if (step.op === "event") pool[i] = o.event(a);
    else if (step.op === "fork") pool.splice(i, 1, ...o.fork(a));
    else {
      const j = step.j % pool.length;
      if (j === i) continue;
      const joined = o.join(a, pool[j]!);
      pool = pool.filter((_, k) => k !== i && k !== j);
      pool.push(joined);
    }
    out.push(pool.map((r) => `${toText(r.stamp as Stamp)}=${r.text}`).join(" "));
  }
  return out;
}

test("memoised and plain ITC operations agree on every history, including repeated ones", (t) => {
  fc.assert(
    fc.property(ops, (history) => {
      // The plain side encodes each stamp afresh, so equal lines also mean the memo's codes are canonical.
      t.deepEqual(run(history, true), run(history, false));
    }),
    { numRuns: 150 },
  );
  const o = itcStampOps();
  const a = o.event(o.seed());
  t.is(o.event(o.seed()), a, "the same input gives the same stored result");
  t.is(a.text, encodeBase64url(a.stamp as Stamp));
  t.is(o.decode(a.text), a);
});

test("a tracer records the same events with and without the memo", (t) => {
  const work = (itcMemo: boolean) => {
    const r = rig({ metadata: "itc", itcMemo, seed: "memo" });
    for (let n = 0; n < 3; n++) {
      const root = r.tracer.startSpan("root");
      const kids = root.fork(3).map((c, i) => {
        const s = r.tracer.startSpan(`k${i}`, { parent: c });
        s.annotate("work");
        s.end();
        return s;
      });
      root.join(kids);
      const h: Record<string, string> = {};
      r.tracer.inject(root, h);
      const remote = r.tracer.startSpan("remote", { parent: r.tracer.extract(h) });
      remote.end();
      const reply: Record<string, string> = {};
      r.tracer.inject(remote, reply);
      root.join(r.tracer.extract(reply)!);
      root.end();
    }
    return r;
  };
  const memo = work(true);
  const plain = work(false);
  t.is(JSON.stringify(memo.records), JSON.stringify(plain.records));
  t.is(memo.tracer.stats.itcJoinErrors, 0);
  // The root's end stamp follows every other event of its trace.
  const events = memo.events();
  const lastEnd = events.at(-1)!;
  for (const e of events.filter((x) => x.traceId === lastEnd.traceId && x !== lastEnd)) {
    t.is(compare(decodeBase64url(e.itc!), decodeBase64url(lastEnd.itc!)), "before");
  }
});

test("tracers sharing one ItcMemo record exactly what tracers with their own memos record", (t) => {
  const work = (memo: () => boolean | ItcMemo) => {
    const a = rig({ metadata: "itc", itcMemo: memo(), seed: "share-a" });
    const b = rig({ metadata: "itc", itcMemo: memo(), seed: "share-b" });
    for (let n = 0; n < 4; n++) {
      const root = a.tracer.startSpan("call", { kind: "client" });
      const h: Record<string, string> = {};
      a.tracer.inject(root, h);
      const server = b.tracer.startSpan("handle", { parent: b.tracer.extract(h), kind: "server" });
      const [x, y] = server.fork(2);
      b.tracer.startSpan("x", { parent: x }).end();
      b.tracer.startSpan("y", { parent: y }).end();
      server.end();
      const reply: Record<string, string> = {};
      b.tracer.inject(server, reply);
      root.join(a.tracer.extract(reply)!);
      root.end();
    }
    return JSON.stringify([a.records, b.records]);
  };
  const shared = createItcMemo();
  t.is(work(() => shared), work(() => true));
  t.is(work(() => true), work(() => false));
});

test("itcMemo must be a boolean or a memo from createItcMemo()", (t) => {
  const error = t.throws(() => rig({ metadata: "itc", itcMemo: {} as unknown as ItcMemo }), { instanceOf: TracerConfigError });
  t.is(error?.message, 'createTracer: option "itcMemo" must be true, false or a memo from createItcMemo()');
});
