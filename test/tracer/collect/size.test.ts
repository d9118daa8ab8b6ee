import test from "ava";
import { batchHeaderBytes, createAgent, Ledger, recordBytes, utf8Length } from "../../../tracer/collect/index.ts";
import type { Batch } from "../../../tracer/collect/index.ts";
import { TestScheduler, event } from "./helpers.ts";

test("utf8Length counts UTF-8 bytes, surrogate pairs as 4", (t) => {
  t.is(utf8Length(""), 0);
  t.is(utf8Length("nova-api"), 8);
  t.is(utf8Length("é"), 2);
  t.is(utf8Length("€"), 3);
  t.is(utf8Length("😀"), 4);
  t.is(utf8Length("a😀b"), 6);
  t.is(utf8Length("\ud800"), 3, "a lone surrogate is encoded as U+FFFD (3 bytes)");
});

test("record sizes follow the fixed layout exactly", (t) => {
  // 1 type tag + trace id 17 + event id 9 + kind 2 + "op" 4 + "svc" 5 + "h1" 4 + time 9 + span id 9 + empty parents 2
  t.is(recordBytes(event(0, "h1", { name: "op", service: "svc", kind: "annotate" })), 62);
  // + attributes: list header 2, "a":"x" 6, "n":1 12, "ok":true 6
  t.is(recordBytes(event(0, "h1", { name: "op", service: "svc", kind: "annotate", attributes: { a: "x", n: 1, ok: true } })), 88);
  // + two parents (16) + an 8-character ITC stamp (6 raw bytes + 2)
  t.is(recordBytes(event(0, "h1", { name: "op", service: "svc", kind: "annotate", parents: ["1".repeat(16), "2".repeat(16)], itc: "AQIDBAUG" })), 62 + 16 + 8);
  // start events carry the span kind and parent span; end events the status
  t.is(recordBytes(event(0, "h1", { name: "op", service: "svc", kind: "start", spanKind: "server", parentSpanId: "3".repeat(16) })), 62 + 2 + 9);
  t.is(recordBytes(event(0, "h1", { name: "op", service: "svc", kind: "end", status: { code: "error", message: "boom" } })), 62 + 2 + 6);
  const span = {
    type: "span" as const,
    span: { traceId: "1".repeat(32), spanId: "2".repeat(16), links: [], kind: "server" as const, name: "op", service: "svc", host: "h1", start: 0, end: 5, attributes: {}, status: { code: "ok" as const }, logs: [] },
  };
  // 1 + 17 + 9 + 2 + 4 + 5 + 4 + 9 + 9 + status 2
  t.is(recordBytes(span), 62);
});

test("a batch's size is its header plus its records", (t) => {
  const scheduler = new TestScheduler();
  const sent: Batch[] = [];
  const agent = createAgent({
    host: "h1",
    scheduler,
    ledger: new Ledger(),
    maxBatchSize: 3,
    transport: { send: (b, bytes, done) => { t.is(bytes, b.bytes); sent.push(b); done("delivered"); } },
  });
  const records = [event(0, "h1"), event(1, "h1", { attributes: { k: "v" } }), event(2, "h1")];
  for (const r of records) agent.emit(r);
  t.is(sent.length, 1);
  t.is(sent[0]!.bytes, batchHeaderBytes("h1", "h1", 3) + records.reduce((n, r) => n + recordBytes(r), 0));
});
