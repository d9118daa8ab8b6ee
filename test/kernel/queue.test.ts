import test from "ava";
import fc from "fast-check";
import { EventQueue } from "../../sim/kernel/queue.ts";

test("pops in (time, insertion order) order for any interleaving of pushes and pops", (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 300 }),
      (ops) => {
        const q = new EventQueue<number>();
        const model: { time: number; seq: number }[] = [];
        let id = 0;
        for (const op of ops) {
          if (op >= 0) {
            const seq = q.push(op, id);
            model.push({ time: op, seq });
            id++;
          } else if (model.length > 0) {
            model.sort((a, b) => a.time - b.time || a.seq - b.seq);
            const want = model.shift()!;
            const got = q.pop();
            if (got !== want.seq || q.poppedTime !== want.time || q.poppedSeq !== want.seq) return false;
          }
        }
        return q.size === model.length;
      },
    ),
  );
  t.is(new EventQueue().peekTime(), Infinity);
});

test("as the simulator uses it (pushes at or after the time last popped, many due at once), pops and peeks follow (time, insertion order)", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        // Each op: a pop (-1), or a push that many ns after the time last popped (0 most often).
        fc.array(fc.oneof(fc.constant(-1), fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 3 })), { minLength: 50, maxLength: 400 }),
        (ops) => {
          const q = new EventQueue<number>();
          const model: { time: number; seq: number }[] = [];
          for (const op of ops) {
            if (op >= 0) {
              const time = q.poppedTime + op;
              model.push({ time, seq: q.push(time, q.nextSeq) });
              continue;
            }
            model.sort((a, b) => a.time - b.time || a.seq - b.seq);
            if (q.peekTime() !== (model[0]?.time ?? Infinity)) return false;
            const want = model.shift();
            if (want === undefined) continue;
            const got = q.pop();
            if (got !== want.seq || q.poppedTime !== want.time || q.poppedSeq !== want.seq) return false;
          }
          return q.size === model.length;
        },
      ),
    ),
  );
});
