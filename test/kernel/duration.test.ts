import test from "ava";
import fc from "fast-check";
import { DurationError, formatDuration, H, MIN, MS, NS, parseDuration, S, US } from "../../sim/kernel/index.ts";

test("parses the units and compounds users write", (t) => {
  const cases: [string, number][] = [
    ["250ms", 250 * MS],
    ["1.5s", 1.5 * S],
    ["2m", 2 * MIN],
    ["300us", 300 * US],
    ["300µs", 300 * US],
    ["10ns", 10 * NS],
    ["1h", H],
    ["1m30s", 90 * S],
    ["1h 2m 3.5s", H + 2 * MIN + 3.5 * S],
    ["0", 0],
    ["0ms", 0],
    [" 0.000000001s ", 1],
    ["1.234567891s", 1_234_567_891],
    ["0.5m", 30 * S],
  ];
  for (const [text, ns] of cases) t.is(parseDuration(text), ns, text);
});

test("formats to the shortest exact string", (t) => {
  const cases: [number, string][] = [
    [0, "0s"],
    [10, "10ns"],
    [1_500, "1.5us"],
    [250 * MS, "250ms"],
    [1_234_567, "1.234567ms"],
    [1.5 * S, "1.5s"],
    [90 * S, "1m30s"],
    [H + 500 * MS, "1h500ms"],
    [2 * H, "2h"],
    [-5 * MS, "-5ms"],
  ];
  for (const [ns, text] of cases) t.is(formatDuration(ns), text, String(ns));
});

test("parseDuration(formatDuration(ns)) === ns for any non-negative integer", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 10 ** 12 }), fc.maxSafeNat()), (ns) => parseDuration(formatDuration(ns)) === ns),
    ),
  );
});

test("bad strings give a DurationError saying what was expected", (t) => {
  const expected = 'expected a non-negative number with a unit (ns, us, ms, s, m, h), e.g. "250ms", "1.5s", "1m30s"';
  const cases: [unknown, string][] = [
    ["", `invalid duration "": ${expected}`],
    ["250", `invalid duration "250": missing unit; ${expected}`],
    ["-5ms", `invalid duration "-5ms": durations cannot be negative; ${expected}`],
    ["5 parsecs", `invalid duration "5 parsecs": unexpected text at position 0; ${expected}`],
    ["1s and more", `invalid duration "1s and more": unexpected text at position 3; ${expected}`],
    ["1.5ns", 'invalid duration "1.5ns": finer than one nanosecond, the resolution of virtual time'],
    [42, `invalid duration 42: ${expected}`],
  ];
  for (const [input, message] of cases) {
    const err = t.throws(() => parseDuration(input as string), { instanceOf: DurationError });
    t.is(err!.message, message);
    t.is(err!.input, input);
  }
});
