// The collector's record index against a naive model: the same hosts kept, the same repeats
// reported, for any mix of hex ids, other keys, span and event keys, across many lists.
import test from "ava";
import fc from "fast-check";
import { RecordIndex, emptyList } from "../../../tracer/collect/record-index.ts";
import type { SlotList } from "../../../tracer/collect/record-index.ts";

const key = fc.oneof(
  fc.constantFrom("0000000000000001", "8000000000000001", "00000000000000ff", "ffffffffffffffff", "0123456789abcdef"),
  fc.stringMatching(/^[0-9a-f]{16}$/),
  fc.constantFrom("short", "0123456789ABCDEF", "0123456789abcdeg", "span:0000000000000001", ""),
);
const record = fc.record({ list: fc.nat(3), key, span: fc.boolean(), host: fc.constantFrom("h1", "h2", "h3") });

/** forEach's two streams of hosts, as arrays. */
function split(index: RecordIndex, list: SlotList): { hosts: string[]; repeats: string[] } {
  const hosts: string[] = [];
  const repeats: string[] = [];
  index.forEach(list, (h) => hosts.push(h), (h) => repeats.push(h));
  return { hosts, repeats };
}

test("forEach passes each key's first record on and reports every repeat, exactly as a Set would", (t) => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 80 }), (records) => {
      const index = new RecordIndex();
      const lists: SlotList[] = [emptyList(), emptyList(), emptyList(), emptyList()];
      for (const r of records) index.add(lists[r.list]!, r.key, r.span, r.host);
      for (let l = 0; l < lists.length; l++) {
        const mine = records.filter((r) => r.list === l);
        const seen = new Set<string>();
        const want: string[] = [];
        const wantRepeats: string[] = [];
        for (const r of mine) {
          const k = `${r.span}/${r.key}`;
          if (seen.has(k)) wantRepeats.push(r.host);
          else {
            seen.add(k);
            want.push(r.host);
          }
        }
        t.deepEqual(split(index, lists[l]!), { hosts: want, repeats: wantRepeats });
        index.release(lists[l]!);
        t.deepEqual(lists[l], emptyList());
      }
      t.is(index.size, 0);
    }),
    { numRuns: 300, seed: 5 },
  );
});

test("slots are reused after release, and the index grows past its first block", (t) => {
  const index = new RecordIndex();
  const a = emptyList();
  for (let i = 0; i < 3000; i++) index.add(a, i.toString(16).padStart(16, "0"), false, `h${i % 7}`);
  t.is(index.size, 3000);
  const all = split(index, a);
  t.is(all.hosts.length, 3000);
  t.is(all.repeats.length, 0);
  index.release(a);
  t.is(index.size, 0);
  const b = emptyList();
  index.add(b, "0000000000000001", true, "h1");
  index.add(b, "0000000000000001", false, "h2"); // an event id equal to a span id is another key
  index.add(b, "0000000000000001", true, "h3");
  t.deepEqual(split(index, b), { hosts: ["h1", "h2"], repeats: ["h3"] });
  t.is(index.size, 3);
});
