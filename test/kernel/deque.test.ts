import test from "ava";
import fc from "fast-check";
import { Deque } from "../../sim/kernel/deque.ts";

type Op = { op: "push"; value: number } | { op: "unshift"; value: number } | { op: "shift" } | { op: "removeAt"; index: number };

const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant("push" as const), value: fc.integer() }),
    fc.record({ op: fc.constant("unshift" as const), value: fc.integer() }),
    fc.record({ op: fc.constant("shift" as const) }),
    fc.record({ op: fc.constant("removeAt" as const), index: fc.integer({ min: -1, max: 40 }) }),
  ),
  { maxLength: 200 },
);

test("behaves like an array used as a queue, across growth and wrap-around", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(ops, (program: Op[]) => {
        const d = new Deque<number>();
        const model: number[] = [];
        for (const step of program) {
          if (step.op === "push") {
            d.push(step.value);
            model.push(step.value);
          } else if (step.op === "unshift") {
            d.unshift(step.value);
            model.unshift(step.value);
          } else if (step.op === "shift") {
            if (d.shift() !== model.shift()) return false;
          } else if (step.op === "removeAt") {
            const want = step.index >= 0 && step.index < model.length ? model.splice(step.index, 1)[0] : undefined;
            if (d.removeAt(step.index) !== want) return false;
          }
          if (d.length !== model.length || d.peek() !== model[0]) return false;
        }
        const at = model.map((_, i) => d.at(i));
        const probe = model[model.length - 1];
        return (
          JSON.stringify(d.toArray()) === JSON.stringify(model) &&
          JSON.stringify(at) === JSON.stringify(model) &&
          (probe === undefined || d.indexOf(probe) === model.indexOf(probe))
        );
      }),
    ),
  );
});
