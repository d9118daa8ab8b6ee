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
