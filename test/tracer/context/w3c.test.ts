// W3C Trace Context at the parser level: reasons for rejections, the Level 2 tracestate
// grammar, truncation, our `tb` member. The official suite's cases, end to end through a
// service, are mirrored in w3c-suite.test.ts.
import test from "ava";
import { parseTraceparent, formatTraceparent } from "../../../tracer/context/traceparent.ts";
import { formatTracestate, isValidValue, parseTracestate } from "../../../tracer/context/tracestate.ts";
import { encodeBase64url, event, forkMany, join, seed, stampsEqual } from "../../../tracer/itc/index.ts";
import type { Stamp } from "../../../tracer/itc/index.ts";
import { withThread } from "../../../tracer/model/context.ts";
import { rig } from "../api/helpers.ts";

const TRACE = "12345678901234567890123456789012";
const VALID = `00-${TRACE}-1234567890123456-01`;

test("the spec's example parses", (t) => {
  t.deepEqual(parseTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    parentId: "b7ad6b7169203331",
    flags: 1,
  });
  t.deepEqual(parseTraceparent(VALID), { traceId: TRACE, parentId: "1234567890123456", flags: 1 });
  t.is(formatTraceparent(TRACE, "1234567890123456", 1), VALID);
});

test("invalid traceparents from the W3C suite are rejected with a reason", (t) => {
  const cases: [string, string][] = [
    [`00-${TRACE}-1234567890123456-01.`, "bad-length"],
    [`00-${TRACE}-1234567890123456-01-what-the-future-will-be-like`, "bad-length"],
    [`cc-${TRACE}-1234567890123456-01.what-the-future-will-be-like`, "bad-length"],
    [`ff-${TRACE}-1234567890123456-01`, "bad-version"],
    [`.0-${TRACE}-1234567890123456-01`, "bad-version"],
    [`0.-${TRACE}-1234567890123456-01`, "bad-version"],
    [`000-${TRACE}-1234567890123456-01`, "bad-length"],
    [`0000-${TRACE}-1234567890123456-01`, "bad-length"],
    [`01_${TRACE}-1234567890123456-01`, "bad-delimiter"],
    [`0-${TRACE}-1234567890123456-01`, "too-short"],
    [`00-00000000000000000000000000000000-1234567890123456-01`, "zero-trace-id"],
    [`00-.2345678901234567890123456789012-1234567890123456-01`, "bad-trace-id"],
    [`00-1234567890123456789012345678901.-1234567890123456-01`, "bad-trace-id"],
    [`00-123456789012345678901234567890123-1234567890123456-01`, "bad-length"],
    [`00-1234567890123456789012345678901-1234567890123456-01`, "too-short"],
    [`00-${TRACE}-0000000000000000-01`, "zero-parent-id"],
    [`00-${TRACE}-.234567890123456-01`, "bad-parent-id"],
    [`00-${TRACE}-123456789012345.-01`, "bad-parent-id"],
    [`00-${TRACE}-12345678901234567-01`, "bad-length"],
    [`00-${TRACE}-123456789012345-01`, "too-short"],
    [`00-${TRACE}-1234567890123456-.0`, "bad-flags"],
    [`00-${TRACE}-1234567890123456-0.`, "bad-flags"],
    [`00-${TRACE}-1234567890123456-001`, "bad-length"],
    [`00-${TRACE}-1234567890123456-1`, "too-short"],
    // Uppercase hex is not HEXDIGLC.
    [`00-${TRACE.toUpperCase().replace(/1/g, "A")}-1234567890123456-01`, "bad-trace-id"],
    [`00-${TRACE}-ABCDEF7890123456-01`, "bad-parent-id"],
    // Two traceparent headers combined into one field.
    [`${VALID},00-${TRACE.replace("1", "9")}-1234567890123456-01`, "bad-length"],
  ];
  for (const [value, reason] of cases) t.deepEqual(parseTraceparent(value), { error: reason }, value);
});

test("future versions parse with the version-00 layout; surrounding OWS is accepted", (t) => {
  const expected = { traceId: TRACE, parentId: "1234567890123456", flags: 1 };
  t.deepEqual(parseTraceparent(`cc-${TRACE}-1234567890123456-01`), expected);
  t.deepEqual(parseTraceparent(`cc-${TRACE}-1234567890123456-01-what-the-future-will-be-like`), expected);
  for (const ows of [` ${VALID}`, `\t${VALID}`, `${VALID} `, `${VALID}\t`, `\t ${VALID} \t`]) {
    t.deepEqual(parseTraceparent(ows), expected, JSON.stringify(ows));
  }
});

test("tracestate: the suite's valid headers", (t) => {
  const ok = (raw: string) => {
    const r = parseTracestate(raw);
    if ("error" in r) throw new Error(`${raw}: ${r.error}`);
    return r.members;
  };
  t.deepEqual(ok("foo=1,bar=2"), [["foo", "1"], ["bar", "2"]]);
  t.deepEqual(ok(""), []);
  t.deepEqual(ok("foo=1 \t , \t bar=2, \t baz=3"), [["foo", "1"], ["bar", "2"], ["baz", "3"]]);
  t.deepEqual(ok("\t foo=1 \t"), [["foo", "1"]]);
  t.deepEqual(ok("foo=1,,bar=2"), [["foo", "1"], ["bar", "2"]]);
  const keyWithoutVendor = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
  const keyWithVendor = keyWithoutVendor + "@a-z0-9_-*/";
  let value = "";
  for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x2c && c !== 0x3d) value += String.fromCharCode(c);
  t.deepEqual(ok(`${keyWithoutVendor}=${value}`), [[keyWithoutVendor, value]]);
  t.deepEqual(ok(`${keyWithVendor}=${value}`), [[keyWithVendor, value]]);
  const members32 = Array.from({ length: 32 }, (_, i) => `bar${String(i + 1).padStart(2, "0")}=${i + 1}`);
  t.is(ok(members32.join(",")).length, 32);
  t.is(ok(`foo=1,${"z".repeat(256)}=1`).length, 2);
  t.is(ok(`foo=1,${"t".repeat(241)}@${"v".repeat(14)}=1`).length, 2);
  // Level 2's key grammar: a digit may come first and `@` may appear anywhere after it.
  for (const key of ["foo@", "foo@@bar", "foo@bar@baz", `${"t".repeat(242)}@v`, `t@${"v".repeat(15)}`, "0day", "9@x"]) {
    t.deepEqual(ok(`${key}=1,bar=2`), [[key, "1"], ["bar", "2"]], key);
  }
  // Duplicate keys are the sender's fault, and forwarded as they came.
  t.deepEqual(ok("foo=1,foo=2"), [["foo", "1"], ["foo", "2"]]);
});

test("tracestate: the suite's invalid headers are discarded whole", (t) => {
  const cases: [string, string][] = [
    ["foo =1", "bad-key"],
    ["FOO=1", "bad-key"],
    ["foo.bar=1", "bad-key"],
    ["@foo=1,bar=2", "bad-key"],
    ["_foo=1", "bad-key"],
    [`foo=1,${"z".repeat(257)}=1`, "bad-key"],
    [`foo=1,${"t".repeat(243)}@${"v".repeat(13)}=1`, "bad-key"],
    ["foo=bar=baz", "bad-value"],
    ["foo=,bar=3", "bad-value"],
    [`foo=${"x".repeat(257)}`, "bad-value"],
    ["foo=a \u0001", "bad-value"],
    ["nokey", "bad-member"],
    [Array.from({ length: 33 }, (_, i) => `bar${i + 1}=${i + 1}`).join(","), "too-many-members"],
  ];
  for (const [raw, reason] of cases) t.deepEqual(parseTracestate(raw), { error: reason }, raw.slice(0, 40));
});

test("tracestate truncation drops members over 128 characters first, then from the right", (t) => {
  const big = "big=" + "x".repeat(200);
  const state: [string, string][] = [["a", "1"], ["big", "x".repeat(200)], ["b", "2"], ["c", "3".repeat(250)]];
  t.is(formatTracestate(state), `a=1,${big},b=2,c=${"3".repeat(250)}`);
  t.is(formatTracestate(state, 512), formatTracestate(state));
  t.is(formatTracestate(state, 300), `a=1,b=2`);
  t.is(formatTracestate([["a", "1"], ["b", "2"], ["c", "3"]], 7), "a=1,b=2");
});

test("extract: an invalid traceparent means tracestate is not parsed; counters say why", (t) => {
  const r = rig();
  t.is(r.tracer.extract({ traceparent: `ff-${TRACE}-1234567890123456-01`, tracestate: "FOO=1" }), undefined);
  t.deepEqual(r.tracer.propagation.w3c, { "traceparent:bad-version": 1 });
  const ctx = r.tracer.extract({ TraceParent: VALID, TRACESTATE: "FOO=1" })!;
  t.is(ctx.traceId, TRACE);
  t.deepEqual(ctx.traceState, []);
  t.deepEqual(r.tracer.propagation.w3c, { "traceparent:bad-version": 1, "tracestate:bad-key": 1 });
  t.is(r.tracer.extract({ "trace-parent": VALID }), undefined);
  t.is(r.tracer.extract({}), undefined);
});

test("inject writes version 00, the sampled flag, and carries other vendors' tracestate with ours leftmost", (t) => {
  const r = rig({ metadata: "itc" });
  const ctx = r.tracer.extract({ traceparent: VALID, tracestate: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7" })!;
  const s = r.tracer.startSpan("s", { parent: ctx });
  s.annotate("moved-on");
  const out: Record<string, string> = {};
  r.tracer.inject(s, out);
  t.is(out["traceparent"], `00-${TRACE}-${s.spanId}-01`);
  t.regex(out["tracestate"]!, /^tb=itc:[A-Za-z0-9_-]+;ev:[0-9a-f]{16},congo=t61rcWkgMzE,rojo=00f067aa0ba902b7$/);
  const back = r.tracer.extract(out)!;
  t.deepEqual(back.traceState, [["congo", "t61rcWkgMzE"], ["rojo", "00f067aa0ba902b7"]]);
  t.is(back.lastEventId, r.events().at(-1)!.eventId);
  t.truthy(back.itc);
});

test("a tb member not of our form is another vendor's: kept, forwarded untouched and counted; ours then travels outside tracestate", (t) => {
  const r = rig({ metadata: "itc" });
  for (const value of ["itc:!!!;zz:1", "congo-state", "ev:NOTHEX0000000000", "itc:AAAA;ev:0123456789abcdef;x"]) {
    const ctx = r.tracer.extract({ traceparent: VALID, tracestate: `tb=${value},rojo=1` })!;
    t.is(ctx.traceId, TRACE);
    t.is(ctx.itc, undefined);
    t.deepEqual(ctx.traceState, [["tb", value], ["rojo", "1"]], value);
    const s = r.tracer.startSpan("s", { parent: ctx });
    s.annotate("moved-on");
    const out: Record<string, string> = {};
    r.tracer.inject(s, out);
    t.is(out["tracestate"], `tb=${value},rojo=1`, "their tb is left as it was, and ours is not added beside it");
    t.regex(out["itc-stamp"]!, /^[A-Za-z0-9_-]+$/, "our stamp goes in its own header");
  }
  t.deepEqual(r.tracer.propagation.w3c, { "tb:foreign": 4 });
  const ctx2 = r.tracer.extract({ traceparent: VALID, tracestate: "tb=itc:AAAA" })!;
  t.is(ctx2.itc, undefined);
  t.is(r.tracer.propagation.w3c["tb:bad-stamp"], 1, "our form with a stamp that does not decode is ours, and counted");
});

test("our tb member never exceeds the 256-character value limit: a stamp too long for it travels in itc-stamp, and both come back", (t) => {
  const r = rig({ metadata: "itc" });
  const base = r.tracer.extract({ traceparent: VALID })!;
  const where = { tracestate: 0, header: 0 };
  for (const count of [2, 16, 40, 64, 100, 160, 256]) {
    for (const ev of [undefined, "0123456789abcdef"]) {
      let shares = forkMany(seed(), count).map((s, i) => Array.from({ length: (i * 7) % 13 }).reduce<Stamp>((x) => event(x), s));
      let stamp = shares[0]!;
      for (let i = 1; i < shares.length; i += 2) stamp = join(stamp, shares[i]!);
      shares = [];
      const text = encodeBase64url(stamp);
      const out: Record<string, string> = {};
      r.tracer.inject(withThread(base, stamp, ev ?? base.spanId), out);
      const tb = /^tb=([^,]*)/.exec(out["tracestate"] ?? "")?.[1];
      t.true(tb === undefined || (tb.length <= 256 && isValidValue(tb)), `a tb value of ${tb?.length} characters`);
      const inState = 4 + text.length + (ev === undefined ? 0 : 20) <= 256;
      t.is(out["itc-stamp"] ?? "none", inState ? "none" : text, `${text.length}-character stamp`);
      where[inState ? "tracestate" : "header"]++;
      const back = r.tracer.extract(out)!;
      t.true(stampsEqual(back.itc!, stamp));
      t.is(back.lastEventId, ev ?? base.spanId);
    }
  }
  t.true(where.tracestate > 0 && where.header > 0, JSON.stringify(where));
});

test("outgoing tracestate is cut to 512 characters by the spec's rule: members over 128 characters first, then from the right; ours stays", (t) => {
  const r = rig({ metadata: "itc" });
  const members = Array.from({ length: 20 }, (_, i) => `v${String(i).padStart(2, "0")}=${"x".repeat(i % 5 === 0 ? 150 : 40)}`);
  const ctx = r.tracer.extract({ traceparent: VALID, tracestate: members.join(",") })!;
  const out: Record<string, string> = {};
  r.tracer.inject(r.tracer.startSpan("s", { parent: ctx }), out);
  const sent = out["tracestate"]!;
  t.true(sent.length <= 512, `${sent.length} characters`);
  const keys = sent.split(",").map((m) => m.slice(0, m.indexOf("=")));
  t.is(keys[0], "tb");
  const short = members.filter((_, i) => i % 5 !== 0).map((m) => m.slice(0, 3));
  t.deepEqual(keys.slice(1), short.slice(0, keys.length - 1), "the long members went first, then the rightmost short ones");
  t.true(keys.length > 2);
});

test("a multi-megabyte tracestate is refused on its length alone, before any parsing; the context survives without it", (t) => {
  const r = rig();
  const huge = "a=1,".repeat(1_000_000);
  t.deepEqual(parseTracestate(huge), { error: "too-long" });
  const ctx = r.tracer.extract({ traceparent: VALID, tracestate: huge })!;
  t.is(ctx.traceId, TRACE);
  t.deepEqual(ctx.traceState, []);
  t.deepEqual(r.tracer.propagation.w3c, { "tracestate:too-long": 1 });
  const longest = [`${"k".repeat(256)}=${"v".repeat(256)}`, ...Array.from({ length: 31 }, (_, i) => `${"k".repeat(254)}${String(i).padStart(2, "0")}=${"v".repeat(256)}`)].join(",");
  t.is(longest.length, 16_447);
  t.false("error" in parseTracestate(longest), "the longest valid header is still parsed");
});

test("the random trace id flag: set on traces we start, carried unchanged from a parent, absent when the parent lacked it", (t) => {
  const r = rig();
  const out: Record<string, string> = {};
  r.tracer.inject(r.tracer.startSpan("root"), out);
  t.regex(out["traceparent"]!, /-03$/);
  for (const flags of ["00", "01", "02", "03", "fd", "ff"]) {
    const ctx = r.tracer.extract({ traceparent: `00-${TRACE}-1234567890123456-${flags}` })!;
    const child: Record<string, string> = {};
    r.tracer.inject(r.tracer.startSpan("child", { parent: ctx }), child);
    const sent = Number.parseInt(child["traceparent"]!.slice(-2), 16);
    t.is(sent & 2, Number.parseInt(flags, 16) & 2, `${flags} -> ${child["traceparent"]}`);
    t.is(sent & ~3, 0, "flags we do not know are not sent on");
  }
});
