// W3C Baggage, against the spec's examples and limits.
import test from "ava";
import { formatBaggage, parseBaggage, percentEncode } from "../../../tracer/context/baggage.ts";
import type { Baggage } from "../../../tracer/index.ts";
import { rig } from "../api/helpers.ts";

function parsed(raw: string) {
  const r = parseBaggage(raw);
  if ("error" in r) throw new Error(r.error);
  return { entries: [...r.baggage].map(([k, v]) => [k, v.value, v.properties ?? null]), dropped: r.dropped };
}

test("the spec's examples", (t) => {
  t.deepEqual(parsed("key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue").entries, [
    ["key1", "value1", "property1;property2"],
    ["key2", "value2", null],
    ["key3", "value3", "propertyKey=propertyValue"],
  ]);
  t.deepEqual(parsed("userId=alice,serverNode=DF%2028,isProduction=false").entries, [
    ["userId", "alice", null],
    ["serverNode", "DF 28", null],
    ["isProduction", "false", null],
  ]);
  t.deepEqual(parsed("userId =   alice, serverNode = DF%2028, isProduction = false").entries, [
    ["userId", "alice", null],
    ["serverNode", "DF 28", null],
    ["isProduction", "false", null],
  ]);
  // The reference note's example, and `=` inside a value (parsers must not split on it).
  t.deepEqual(parsed("tenant=demo,req.kind=boot;prio=high").entries, [
    ["tenant", "demo", null],
    ["req.kind", "boot", "prio=high"],
  ]);
  t.deepEqual(parsed("token=abc==").entries, [["token", "abc==", null]]);
});

test("percent-encoding round-trips any UTF-8 value", (t) => {
  const baggage: Baggage = new Map([
    ["a", { value: "DF 28" }],
    ["b", { value: "semi;comma,quote\"back\\slash%" }],
    ["c", { value: "héllo ✓" }],
  ]);
  const text = formatBaggage(baggage);
  t.is(text, "a=DF%2028,b=semi%3Bcomma%2Cquote%22back%5Cslash%25,c=h%C3%A9llo%20%E2%9C%93");
  t.deepEqual(parsed(text).entries, [
    ["a", "DF 28", null],
    ["b", "semi;comma,quote\"back\\slash%", null],
    ["c", "héllo ✓", null],
  ]);
  t.is(percentEncode("plain-ascii_OK"), "plain-ascii_OK");
});

test("malformed members are dropped one by one, with reasons", (t) => {
  const r = parsed("good=1,bad key=2,noequals,v=a b,pct=%zz,p=1;bad prop,,ok=2");
  t.deepEqual(r.entries, [
    ["good", "1", null],
    ["ok", "2", null],
  ]);
  t.deepEqual(r.dropped, ["bad-key", "bad-member", "bad-value", "bad-percent-encoding", "bad-property", "empty-member"]);
});

test("limits: 8192 bytes and 180 members; far larger headers are not parsed", (t) => {
  const member = (i: number) => `k${i}=${"v".repeat(90)}`;
  const many = Array.from({ length: 100 }, (_, i) => member(i)).join(",");
  const r = parsed(many);
  const bytes = Buffer.byteLength(r.entries.map(([k, v]) => `${k}=${v}`).join(","));
  t.true(bytes <= 8192);
  t.true(bytes > 8192 - 100);
  t.true(r.dropped.every((d) => d === "too-large"));
  t.is(r.entries.length + r.dropped.length, 100);
  const small = Array.from({ length: 200 }, (_, i) => `k${i}=1`).join(",");
  const s = parsed(small);
  t.is(s.entries.length, 180);
  t.deepEqual(s.dropped, Array(20).fill("too-many-members"));
  t.deepEqual(parseBaggage("a=" + "x".repeat(40_000)), { error: "too-large" });
});

test("baggage travels through inject/extract; rejections are counted under w3c", (t) => {
  const r = rig();
  const s = r.tracer.startSpan("s").setBaggage("tenant", "demo").setBaggage("note", "a b", "ttl=5");
  const h: Record<string, string> = {};
  r.tracer.inject(s, h);
  t.is(h["baggage"], "tenant=demo,note=a%20b;ttl=5");
  const ctx = r.tracer.extract({ ...h, baggage: h["baggage"] + ",bad key=1" })!;
  t.deepEqual([...ctx.baggage], [
    ["tenant", { value: "demo" }],
    ["note", { value: "a b", properties: "ttl=5" }],
  ]);
  t.deepEqual(r.tracer.propagation.w3c, { "baggage:bad-key": 1 });
  const child = r.tracer.startSpan("child", { parent: ctx });
  t.is(child.context().baggage.get("tenant")?.value, "demo");
});
