// W3C Trace Context `tracestate` (https://www.w3.org/TR/trace-context/#tracestate-header).
import type { TraceState } from "../model/context.ts";

export const MAX_MEMBERS = 32;
/** A receiver must propagate at least this many characters; longer input is truncated. */
export const MIN_PROPAGATED_CHARS = 512;

export type TracestateResult = { readonly members: TraceState } | { readonly error: string };

// simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
// multi-tenant-key = tenant-id "@" system-id
// tenant-id = ( lcalpha / DIGIT ) 0*240( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
// system-id = lcalpha 0*13( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
const SIMPLE_KEY = /^[a-z][a-z0-9_\-*/]{0,255}$/;
const TENANT_KEY = /^[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13}$/;

export function isValidKey(key: string): boolean {
  return SIMPLE_KEY.test(key) || TENANT_KEY.test(key);
}

/** value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E */
export function isValidValue(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > 256) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x2c || c === 0x3d) return false;
  }
  return value.charCodeAt(n - 1) !== 0x20;
}

/**
 * Parses a tracestate header. Empty members (from `,,` or OWS) are allowed and skipped; any
 * invalid member, a duplicate key or more than 32 members invalidates the whole header.
 */
export function parseTracestate(raw: string): TracestateResult {
  const members: (readonly [string, string])[] = [];
  const n = raw.length;
  let from = 0;
  while (from <= n) {
    let to = raw.indexOf(",", from);
    if (to < 0) to = n;
    // Trim OWS around the member.
    let a = from;
    let b = to;
    while (a < b && (raw.charCodeAt(a) === 32 || raw.charCodeAt(a) === 9)) a++;
    while (b > a && (raw.charCodeAt(b - 1) === 32 || raw.charCodeAt(b - 1) === 9)) b--;
    from = to + 1;
    if (a === b) continue;
    const eq = raw.indexOf("=", a);
    if (eq < 0 || eq >= b || eq === a) return { error: "bad-member" };
    const key = raw.slice(a, eq);
    const value = raw.slice(eq + 1, b);
    if (!isValidKey(key)) return { error: "bad-key" };
    if (!isValidValue(value)) return { error: "bad-value" };
    for (const m of members) if (m[0] === key) return { error: "duplicate-key" };
    if (members.length === MAX_MEMBERS) return { error: "too-many-members" };
    members.push([key, value]);
  }
  return { members };
}

/** Puts `key=value` leftmost (the spec's rule for the vendor that wrote traceparent). */
export function setMember(state: TraceState, key: string, value: string): TraceState {
  const out: (readonly [string, string])[] = [[key, value]];
  for (const m of state) if (m[0] !== key) out.push(m);
  return out.length > MAX_MEMBERS ? out.slice(0, MAX_MEMBERS) : out;
}

export function removeMember(state: TraceState, key: string): TraceState {
  return state.some((m) => m[0] === key) ? state.filter((m) => m[0] !== key) : state;
}

/**
 * Serialises; with a `limit` (at least 512 per the spec), truncates the way the spec asks: first drop members
 * longer than 128 characters, then drop from the right.
 */
export function formatTracestate(state: TraceState, limit = Number.POSITIVE_INFINITY): string {
  if (state.length === 1 && state[0]![0].length + state[0]![1].length < limit) return state[0]![0] + "=" + state[0]![1];
  let members = state.map((m) => m[0] + "=" + m[1]);
  let text = members.join(",");
  if (text.length <= limit) return text;
  members = members.filter((m) => m.length <= 128);
  text = members.join(",");
  while (text.length > limit && members.length > 0) {
    members.pop();
    text = members.join(",");
  }
  return text;
}
