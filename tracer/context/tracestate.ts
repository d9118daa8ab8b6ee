// W3C Trace Context `tracestate`, Level 2 (https://www.w3.org/TR/trace-context-2/#tracestate-header).
import type { TraceState } from "../model/context.ts";

export const MAX_MEMBERS = 32;
/**
 * A vendor must propagate at least this many characters (commas included, optional whitespace
 * not); what we send is truncated to it by the spec's rule (see truncateTracestate).
 */
export const MIN_PROPAGATED_CHARS = 512;
/** The spec's truncation removes members longer than this first. */
export const LONG_MEMBER_CHARS = 128;
/**
 * The longest header we parse: 32 members of a 256-character key, `=` and a 256-character value,
 * with 31 commas. Any longer header is either padded with whitespace and empty members or
 * invalid; it is refused (counted `tracestate:too-long`) before any parsing, so a multi-megabyte
 * header costs one length check.
 */
export const MAX_TRACESTATE_CHARS = MAX_MEMBERS * (256 + 1 + 256) + (MAX_MEMBERS - 1);

export type TracestateResult = { readonly members: TraceState } | { readonly error: string };

// Level 2 (trace-context-2 §3.3.1.3.1):
//   key     = ( lcalpha / DIGIT ) 0*255 ( keychar )
//   keychar = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"
// Level 1's separate tenant@system form is a special case of it.
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;

export function isValidKey(key: string): boolean {
  return KEY.test(key);
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
 * Parses a tracestate header (several headers arrive joined with commas). Empty members (from
 * `,,` or OWS) are skipped; an invalid member or more than 32 members invalidates the whole
 * header. Duplicate keys are kept as they came: the spec makes uniqueness the sender's duty
 * ("Adding a key/value pair MUST NOT result in the same key being present multiple times") and
 * lets a receiver forward duplicates it did not add.
 */
export function parseTracestate(raw: string): TracestateResult {
  const n = raw.length;
  if (n > MAX_TRACESTATE_CHARS) return { error: "too-long" };
  const members: (readonly [string, string])[] = [];
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
    if (members.length === MAX_MEMBERS) return { error: "too-many-members" };
    members.push([key, value]);
  }
  return { members };
}

/**
 * Puts `key=value` leftmost (the spec's rule for the vendor that wrote traceparent), removing
 * every other member with that key, so the key appears once; keeps at most 32 members.
 */
export function setMember(state: TraceState, key: string, value: string): TraceState {
  const out: (readonly [string, string])[] = [[key, value]];
  for (const m of state) if (m[0] !== key) out.push(m);
  return out.length > MAX_MEMBERS ? out.slice(0, MAX_MEMBERS) : out;
}

export function removeMember(state: TraceState, key: string): TraceState {
  return state.some((m) => m[0] === key) ? state.filter((m) => m[0] !== key) : state;
}

/** Whether some member has this key. */
export function hasMember(state: TraceState, key: string): boolean {
  for (const m of state) if (m[0] === key) return true;
  return false;
}

const memberLength = (m: readonly [string, string]): number => m[0].length + 1 + m[1].length;

/**
 * The spec's truncation (trace-context-2 §3.3.1.5, "tracestate Limits"): a header longer than
 * `limit` characters first loses its members longer than 128 characters, then members from the
 * right until it fits. The first `keep` members (our own, leftmost) are never removed.
 */
export function truncateTracestate(state: TraceState, limit = MIN_PROPAGATED_CHARS, keep = 0): TraceState {
  const length = (list: TraceState): number => list.reduce((sum, m) => sum + memberLength(m), Math.max(0, list.length - 1));
  if (length(state) <= limit) return state;
  const out = state.filter((m, i) => i < keep || memberLength(m) <= LONG_MEMBER_CHARS);
  let total = length(out);
  while (total > limit && out.length > keep) total -= memberLength(out.pop()!) + 1;
  return out;
}

/** Serialises; with a `limit`, truncates first (see truncateTracestate). */
export function formatTracestate(state: TraceState, limit = Number.POSITIVE_INFINITY, keep = 0): string {
  if (state.length === 1 && memberLength(state[0]!) <= limit) return state[0]![0] + "=" + state[0]![1];
  const kept = limit === Number.POSITIVE_INFINITY ? state : truncateTracestate(state, limit, keep);
  return kept.map((m) => m[0] + "=" + m[1]).join(",");
}
