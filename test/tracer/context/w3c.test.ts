// W3C Trace Context, against the cases of the W3C test suite (w3c/trace-context test/test.py)
// and the spec's own examples.
import test from "ava";
import { parseTraceparent, formatTraceparent } from "../../../tracer/context/traceparent.ts";
import { formatTracestate, parseTracestate } from "../../../tracer/context/tracestate.ts";
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
});

test("tracestate: the suite's invalid headers are discarded whole", (t) => {
  const cases: [string, string][] = [
    ["foo=1,foo=1", "duplicate-key"],
    ["foo=1,foo=2", "duplicate-key"],
    ["foo =1", "bad-key"],
    ["FOO=1", "bad-key"],
    ["foo.bar=1", "bad-key"],
    ["foo@=1,bar=2", "bad-key"],
    ["@foo=1,bar=2", "bad-key"],
    ["foo@@bar=1,bar=2", "bad-key"],
    ["foo@bar@baz=1,bar=2", "bad-key"],
    [`foo=1,${"z".repeat(257)}=1`, "bad-key"],
    [`foo=1,${"t".repeat(242)}@v=1`, "bad-key"],
    [`foo=1,t@${"v".repeat(15)}=1`, "bad-key"],
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

test("a malformed tb member is counted and the context survives without the stamp", (t) => {
  const r = rig({ metadata: "itc" });
  const ctx = r.tracer.extract({ traceparent: VALID, tracestate: "tb=itc:!!!;zz:1" })!;
  t.is(ctx.traceId, TRACE);
  t.is(ctx.itc, undefined);
  t.deepEqual(r.tracer.propagation.w3c, { "tb:bad-base64url": 1, "tb:bad-field": 1 });
  const ctx2 = r.tracer.extract({ traceparent: VALID, tracestate: "tb=itc:AAAA" })!;
  t.is(ctx2.itc, undefined);
  t.is(r.tracer.propagation.w3c["tb:bad-stamp"], 1);
});
