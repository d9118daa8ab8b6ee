// W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header).

export interface Traceparent {
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: number;
}

export type TraceparentResult = Traceparent | { readonly error: string };

const ZERO_TRACE = "00000000000000000000000000000000";
const ZERO_SPAN = "0000000000000000";

function isLowerHex(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
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

/**
 * Version 00 must be exactly 55 characters. A higher version is parsed with the version-00
 * layout as long as it is at least 55 characters and anything after the flags starts with `-`
 * (the spec's forward-compatibility rule); version ff is invalid.
 */
export function parseTraceparent(raw: string): TraceparentResult {
  const s = trimOws(raw);
  if (s.length < 55) return { error: "too-short" };
  if (!isLowerHex(s, 0, 2)) return { error: "bad-version" };
  const version = s.slice(0, 2);
  if (version === "ff") return { error: "bad-version" };
  if (version === "00" && s.length !== 55) return { error: "bad-length" };
  if (s.length > 55 && s.charCodeAt(55) !== 45) return { error: "bad-length" };
  if (s.charCodeAt(2) !== 45 || s.charCodeAt(35) !== 45 || s.charCodeAt(52) !== 45) return { error: "bad-delimiter" };
  if (!isLowerHex(s, 3, 35)) return { error: "bad-trace-id" };
  const traceId = s.slice(3, 35);
  if (traceId === ZERO_TRACE) return { error: "zero-trace-id" };
  if (!isLowerHex(s, 36, 52)) return { error: "bad-parent-id" };
  const parentId = s.slice(36, 52);
  if (parentId === ZERO_SPAN) return { error: "zero-parent-id" };
  if (!isLowerHex(s, 53, 55)) return { error: "bad-flags" };
  return { traceId, parentId, flags: (hexValue(s.charCodeAt(53)) << 4) | hexValue(s.charCodeAt(54)) };
}

const FLAG_HEX: string[] = [];
for (let i = 0; i < 256; i++) FLAG_HEX.push(i.toString(16).padStart(2, "0"));

/** Always version 00 (a sender must not claim a version it does not implement). */
export function formatTraceparent(traceId: string, parentId: string, flags: number): string {
  return "00-" + traceId + "-" + parentId + "-" + FLAG_HEX[flags & 255]!;
}
