// The official W3C Trace Context test suite (w3c/trace-context, test/test.py), restated case by
// case: its TraceContextTest and AdvancedTest at STRICT_LEVEL 2, and TraceContext2Test (spec
// level 2: the random flag). Its harness sends a request with some headers to a service, which
// calls the harness back; the assertions are on the callback's traceparent and tracestate.
//
// Here the service is a tracer: it extracts the request's context, starts a server span, and for
// each callback starts a client span and injects it. Header fields that repeat are joined with
// ", " as an HTTP server (node:http) joins them. The suite's current cases are those of its
// head: duplicate tracestate keys are forwarded, not discarded (w3c/trace-context#477); keys
// follow Level 2's grammar, where a digit may come first and `@` may appear anywhere after it
// (#584, for #386); and the random flag is propagated (#500). Every case runs against three
// service configurations (DAG with ids, DAG with ITC stamps, span model).
import test from "ava";
import type { ExecutionContext } from "ava";
import { createTracer } from "../../../tracer/index.ts";
import type { Carrier, Tracer } from "../../../tracer/index.ts";
import { alwaysOn } from "../../../tracer/model/sampler.ts";

type Headers = readonly (readonly [string, string])[];

const CONFIGS = [
  { name: "dag/ids", model: "dag", metadata: "ids" },
  { name: "dag/itc", model: "dag", metadata: "itc" },
  { name: "span/ids", model: "span", metadata: "ids" },
] as const;

let seed = 1;
function service(config: (typeof CONFIGS)[number]): Tracer {
  let state = seed++;
  return createTracer({
    service: "test-service",
    host: "h1",
    clock: { now: () => 0 },
    // A small LCG: the suite only needs ids that differ.
    random: { next: () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) },
    sampler: alwaysOn,
    sink: { emit: () => undefined },
    model: config.model,
    metadata: config.metadata,
  });
}

/** Header fields as an HTTP server hands them over: names are case-insensitive, repeats joined with ", ". */
function carrierOf(headers: Headers): Carrier {
  const out: Carrier = {};
  for (const [name, value] of headers) {
    const key = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

/** What the harness sees: the service's callback headers, one per callback. */
function makeRequest(tracer: Tracer, headers: Headers, count = 1): Carrier[] {
  const server = tracer.startSpan("POST /test", { parent: tracer.extract(carrierOf(headers)), kind: "server" });
  const out: Carrier[] = [];
  for (let i = 0; i < count; i++) {
    const client = tracer.startSpan(`POST /callback/${i}`, { parent: server, kind: "client" });
    const carrier: Carrier = {};
    tracer.inject(client, carrier);
    client.end();
    out.push(carrier);
  }
  server.end();
  return out;
}

interface Traceparent {
  readonly version: string;
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: number;
}

/** The harness's checks on a callback: exactly one valid traceparent; tracestate parsed, first of duplicate keys kept. */
function received(t: ExecutionContext, carrier: Carrier): { traceparent: Traceparent; tracestate: Map<string, string>; text: string } {
  const names = Object.keys(carrier).filter((k) => k.toLowerCase() === "traceparent");
  t.is(names.length, 1, "one traceparent header");
  const m = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(carrier[names[0]!]!);
  if (m === null) throw new Error(`not a valid traceparent: ${carrier[names[0]!]}`);
  t.not(m[2], "0".repeat(32));
  t.not(m[3], "0".repeat(16));
  t.not(carrier["tracestate"], "", "an empty tracestate header is never sent");
  const text = carrier["tracestate"] ?? "";
  const tracestate = new Map<string, string>();
  for (const member of text.split(/[ \t]*,[ \t]*/)) {
    if (member === "") continue;
    const mm = /^([a-z0-9][a-z0-9_\-*/@]{0,255})=([\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e])$/.exec(member);
    if (mm === null) throw new Error(`illegal key-value format ${JSON.stringify(member)}`);
    if (!tracestate.has(mm[1]!)) tracestate.set(mm[1]!, mm[2]!);
  }
  t.true(text.length <= 512, `tracestate of ${text.length} characters`);
  return { traceparent: { version: m[1]!, traceId: m[2]!, parentId: m[3]!, flags: Number.parseInt(m[4]!, 16) }, tracestate, text };
}

const TRACE = "12345678901234567890123456789012";
const PARENT = "1234567890123456";
const tp = (value: string): Headers => [["traceparent", value]];
const valid00 = (flags = "00"): readonly [string, string] => ["traceparent", `00-${TRACE}-${PARENT}-${flags}`];

type Case = (t: ExecutionContext, send: (headers: Headers, count?: number) => ReturnType<typeof received>[]) => void;

/** The suite's cases, by its test names. */
const CASES: Record<string, Case> = {
  // TraceContextTest
  test_both_traceparent_and_tracestate_missing(t, send) {
    send([]);
  },
  test_traceparent_included_tracestate_missing(t, send) {
    const [r] = send(tp(`00-${TRACE}-${PARENT}-01`));
    t.is(r!.traceparent.traceId, TRACE);
    t.not(r!.traceparent.parentId, PARENT);
  },
  test_traceparent_duplicated(t, send) {
    const [r] = send([["traceparent", `00-${TRACE.slice(0, 31)}1-${PARENT}-01`], ["traceparent", `00-${TRACE}-${PARENT}-01`]]);
    t.not(r!.traceparent.traceId, `${TRACE.slice(0, 31)}1`);
    t.not(r!.traceparent.traceId, TRACE);
  },
  test_traceparent_header_name(t, send) {
    for (const name of ["trace-parent", "trace.parent"]) t.not(send([[name, `00-${TRACE}-${PARENT}-01`]])[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_header_name_valid_casing(t, send) {
    for (const name of ["TraceParent", "TrAcEpArEnT", "TRACEPARENT"]) t.is(send([[name, `00-${TRACE}-${PARENT}-01`]])[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_version_0x00(t, send) {
    for (const v of [`00-${TRACE}-${PARENT}-01.`, `00-${TRACE}-${PARENT}-01-what-the-future-will-be-like`]) t.not(send(tp(v))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_version_0xcc(t, send) {
    t.is(send(tp(`cc-${TRACE}-${PARENT}-01`))[0]!.traceparent.traceId, TRACE);
    t.is(send(tp(`cc-${TRACE}-${PARENT}-01-what-the-future-will-be-like`))[0]!.traceparent.traceId, TRACE);
    t.not(send(tp(`cc-${TRACE}-${PARENT}-01.what-the-future-will-be-like`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_version_0xff(t, send) {
    t.not(send(tp(`ff-${TRACE}-${PARENT}-01`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_version_illegal_characters(t, send) {
    for (const v of [".0", "0."]) t.not(send(tp(`${v}-${TRACE}-${PARENT}-01`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_version_too_long(t, send) {
    for (const v of ["000", "0000"]) t.not(send(tp(`${v}-${TRACE}-${PARENT}-01`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_version_too_short(t, send) {
    t.not(send(tp(`0-${TRACE}-${PARENT}-01`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_trace_id_all_zero(t, send) {
    t.not(send(tp(`00-${"0".repeat(32)}-${PARENT}-01`))[0]!.traceparent.traceId, "0".repeat(32));
  },
  test_traceparent_trace_id_illegal_characters(t, send) {
    for (const id of [`.${TRACE.slice(1)}`, `${TRACE.slice(0, 31)}.`]) t.not(send(tp(`00-${id}-${PARENT}-01`))[0]!.traceparent.traceId, id);
  },
  test_traceparent_trace_id_too_long(t, send) {
    const got = send(tp(`00-${TRACE}3-${PARENT}-01`))[0]!.traceparent.traceId;
    for (const id of [`${TRACE}3`, TRACE, `${TRACE.slice(1)}3`]) t.not(got, id);
  },
  test_traceparent_trace_id_too_short(t, send) {
    t.not(send(tp(`00-${TRACE.slice(0, 31)}-${PARENT}-01`))[0]!.traceparent.traceId, TRACE.slice(0, 31));
  },
  test_traceparent_parent_id_all_zero(t, send) {
    t.not(send(tp(`00-${TRACE}-${"0".repeat(16)}-01`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_parent_id_illegal_characters(t, send) {
    for (const id of [`.${PARENT.slice(1)}`, `${PARENT.slice(0, 15)}.`]) t.not(send(tp(`00-${TRACE}-${id}-01`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_parent_id_too_long(t, send) {
    t.not(send(tp(`00-${TRACE}-${PARENT}7-01`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_parent_id_too_short(t, send) {
    t.not(send(tp(`00-${TRACE}-${PARENT.slice(0, 15)}-01`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_trace_flags_illegal_characters(t, send) {
    for (const f of [".0", "0."]) t.not(send(tp(`00-${TRACE}-${PARENT}-${f}`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_trace_flags_too_long(t, send) {
    t.not(send(tp(`00-${TRACE}-${PARENT}-001`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_trace_flags_too_short(t, send) {
    t.not(send(tp(`00-${TRACE}-${PARENT}-1`))[0]!.traceparent.traceId, TRACE);
  },
  test_traceparent_ows_handling(t, send) {
    for (const v of [` 00-${TRACE}-${PARENT}-01`, `\t00-${TRACE}-${PARENT}-01`, `00-${TRACE}-${PARENT}-01 `, `00-${TRACE}-${PARENT}-01\t`, `\t 00-${TRACE}-${PARENT}-01 \t`]) {
      t.is(send(tp(v))[0]!.traceparent.traceId, TRACE, JSON.stringify(v));
    }
  },
  test_tracestate_included_traceparent_missing(t, send) {
    const [a] = send([["tracestate", "foo=1"]]);
    const [b] = send([["tracestate", "foo=1,bar=2"]]);
    t.is(a!.tracestate.size, b!.tracestate.size);
  },
  test_tracestate_included_traceparent_included(t, send) {
    const [r] = send([valid00(), ["tracestate", "foo=1,bar=2"]]);
    t.is(r!.traceparent.traceId, TRACE);
    t.is(r!.tracestate.get("foo"), "1");
    t.is(r!.tracestate.get("bar"), "2");
  },
  test_tracestate_header_name(t, send) {
    for (const name of ["trace-state", "trace.state"]) t.false(send([valid00(), [name, "foo=1"]])[0]!.tracestate.has("foo"));
  },
  test_tracestate_header_name_valid_casing(t, send) {
    for (const name of ["TraceState", "TrAcEsTaTe", "TRACESTATE"]) t.is(send([valid00(), [name, "foo=1"]])[0]!.tracestate.get("foo"), "1");
  },
  test_tracestate_empty_header(t, send) {
    const [a] = send([valid00(), ["tracestate", ""]]);
    t.is(a!.traceparent.traceId, TRACE);
    for (const headers of [[valid00(), ["tracestate", "foo=1"], ["tracestate", ""]], [valid00(), ["tracestate", ""], ["tracestate", "foo=1"]]] as Headers[]) {
      const [r] = send(headers);
      t.is(r!.traceparent.traceId, TRACE);
      t.is(r!.tracestate.get("foo"), "1");
    }
  },
  test_tracestate_multiple_headers_different_keys(t, send) {
    const [r] = send([valid00(), ["tracestate", "foo=1,bar=2"], ["tracestate", "rojo=1,congo=2"], ["tracestate", "baz=3"]]);
    t.is(r!.traceparent.traceId, TRACE);
    const at = (m: string) => r!.text.indexOf(m);
    for (const m of ["foo=1", "bar=2", "rojo=1", "congo=2", "baz=3"]) t.true(at(m) >= 0, m);
    t.true(at("foo=1") < at("bar=2") && at("bar=2") < at("rojo=1") && at("rojo=1") < at("congo=2") && at("congo=2") < at("baz=3"));
  },
  test_tracestate_duplicated_keys(t, send) {
    // The tracestate is inherited; duplicates may be kept as they are or one of them discarded.
    const cases: [Headers, string[]][] = [
      [[valid00(), ["tracestate", "foo=1,foo=1"]], ["foo=1"]],
      [[valid00(), ["tracestate", "foo=1,foo=2"]], ["foo=1", "foo=2"]],
      [[valid00(), ["tracestate", "foo=1"], ["tracestate", "foo=1"]], ["foo=1"]],
      [[valid00(), ["tracestate", "foo=1"], ["tracestate", "foo=2"]], ["foo=1", "foo=2"]],
    ];
    for (const [headers, either] of cases) {
      const [r] = send(headers);
      t.is(r!.traceparent.traceId, TRACE);
      t.true(either.some((m) => r!.text.includes(m)), r!.text);
    }
  },
  test_tracestate_all_allowed_characters(t, send) {
    const keyWithoutVendor = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
    const keyWithVendor = `${keyWithoutVendor}@a-z0-9_-*/`;
    let value = "";
    for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x2c && c !== 0x3d) value += String.fromCharCode(c);
    for (const key of [keyWithoutVendor, keyWithVendor]) t.is(send([valid00(), ["tracestate", `${key}=${value}`]])[0]!.tracestate.get(key), value);
  },
  test_tracestate_ows_handling(t, send) {
    for (const v of ["foo=1 \t , \t bar=2, \t baz=3", "foo=1\t \t,\t \tbar=2,\t \tbaz=3"]) {
      const [r] = send([valid00(), ["tracestate", v]]);
      t.deepEqual([r!.tracestate.get("foo"), r!.tracestate.get("bar"), r!.tracestate.get("baz")], ["1", "2", "3"]);
    }
    for (const v of [" foo=1", "\tfoo=1", "foo=1 ", "foo=1\t", "\t foo=1 \t"]) {
      const [r] = send([valid00(), ["tracestate", v]]);
      t.is(r!.traceparent.traceId, TRACE);
      t.is(r!.tracestate.get("foo"), "1", JSON.stringify(v));
    }
  },
  test_tracestate_key_illegal_characters(t, send) {
    for (const [v, key] of [["foo =1", "foo "], ["FOO=1", "FOO"], ["foo.bar=1", "foo.bar"]]) t.false(send([valid00(), ["tracestate", v!]])[0]!.tracestate.has(key!));
  },
  test_tracestate_key_illegal_vendor_format(t, send) {
    // Keys with at signs: valid unless the key starts with one.
    for (const key of ["foo@", "foo@@bar", "foo@bar@baz"]) {
      const [r] = send([valid00(), ["tracestate", `${key}=1,bar=2`]]);
      t.is(r!.tracestate.get(key), "1", key);
      t.is(r!.tracestate.get("bar"), "2");
    }
    t.false(send([valid00(), ["tracestate", "@foo=1,bar=2"]])[0]!.tracestate.has("bar"));
  },
  test_tracestate_member_count_limit(t, send) {
    const members = Array.from({ length: 33 }, (_, i) => `bar${String(i + 1).padStart(2, "0")}=${String(i + 1).padStart(2, "0")}`);
    const split = (list: string[]): Headers => [valid00(), ...[0, 10, 20, 30].map((i) => ["tracestate", list.slice(i, i + 10).join(",")] as const).filter(([, v]) => v !== "")];
    const [ok] = send(split(members.slice(0, 32)));
    t.is(ok!.tracestate.get("bar01"), "01");
    t.is(ok!.tracestate.size, 32);
    t.false(send(split(members))[0]!.tracestate.has("bar01"));
  },
  test_tracestate_key_length_limit(t, send) {
    // Level 2: a key is 1 + 0..255 characters, `@` included.
    for (const key of ["z".repeat(256), `${"t".repeat(241)}@${"v".repeat(14)}`, `${"t".repeat(242)}@v`, `t@${"v".repeat(15)}`]) {
      t.is(send([valid00(), ["tracestate", "foo=1"], ["tracestate", `${key}=1`]])[0]!.tracestate.get("foo"), "1", `${key.length} characters`);
    }
    for (const key of ["z".repeat(257), `${"t".repeat(242)}@${"v".repeat(14)}`]) {
      t.false(send([valid00(), ["tracestate", "foo=1"], ["tracestate", `${key}=1`]])[0]!.tracestate.has("foo"), `${key.length} characters`);
    }
  },
  test_tracestate_value_illegal_characters(t, send) {
    t.false(send([valid00(), ["tracestate", "foo=bar=baz"]])[0]!.tracestate.has("foo"));
    const [r] = send([valid00(), ["tracestate", "foo=,bar=3"]]);
    t.false(r!.tracestate.has("foo"));
    t.false(r!.tracestate.has("bar"));
  },
  // AdvancedTest
  test_multiple_requests_with_valid_traceparent(t, send) {
    const rs = send(tp(`00-${TRACE}-${PARENT}-01`), 3);
    t.deepEqual(new Set(rs.map((r) => r.traceparent.traceId)), new Set([TRACE]));
    t.is(new Set(rs.map((r) => r.traceparent.parentId)).size, 3);
  },
  test_multiple_requests_without_traceparent(t, send) {
    t.is(new Set(send([], 3).map((r) => r.traceparent.parentId)).size, 3);
  },
  test_multiple_requests_with_illegal_traceparent(t, send) {
    const rs = send(tp(`00-${"0".repeat(32)}-${PARENT}-01`), 3);
    t.false(rs.some((r) => r.traceparent.traceId === "0".repeat(32)));
    t.is(new Set(rs.map((r) => r.traceparent.parentId)).size, 3);
  },
  // TraceContext2Test (SPEC_LEVEL 2)
  test_propagates_random_flag(t, send) {
    const [r] = send(tp(`00-${TRACE}-${PARENT}-02`));
    t.is(r!.traceparent.traceId, TRACE);
    t.not(r!.traceparent.parentId, PARENT);
    t.is(r!.traceparent.flags & 2, 2);
  },
};

for (const config of CONFIGS) {
  for (const [name, check] of Object.entries(CASES)) {
    test(`W3C suite ${name} (${config.name})`, (t) => {
      const tracer = service(config);
      check(t, (headers, count = 1) => makeRequest(tracer, headers, count).map((c) => received(t, c)));
    });
  }
}

test("the suite's cases are all here: 37 of TraceContextTest, 3 of AdvancedTest, 1 of TraceContext2Test", (t) => {
  t.is(Object.keys(CASES).length, 41);
});
