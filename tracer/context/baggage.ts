// W3C Baggage (https://www.w3.org/TR/baggage/):
//   baggage-string = list-member 0*179( OWS "," OWS list-member )
//   list-member    = key OWS "=" OWS value *( OWS ";" OWS property )
//   property       = key OWS "=" OWS value / key OWS
//   key            = token (RFC 7230)
//   value          = *baggage-octet, percent-encoded UTF-8
//   baggage-octet  = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
import type { Baggage, BaggageEntry } from "../model/context.ts";
import { trimOws } from "./traceparent.ts";

export const MAX_BAGGAGE_MEMBERS = 180;
export const MAX_BAGGAGE_BYTES = 8192;

export type BaggageResult =
  | { readonly baggage: Baggage; readonly dropped: readonly string[] }
  | { readonly error: string };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const isToken = (s: string): boolean => TOKEN.test(s);

function isBaggageOctets(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x22 || c === 0x2c || c === 0x3b || c === 0x5c) return false;
  }
  return true;
}

/** Percent-decodes as UTF-8; undefined when an escape is malformed or the bytes are not UTF-8. */
function percentDecode(s: string): string | undefined {
  if (s.indexOf("%") < 0) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Percent-encodes every character outside baggage-octet, and `%` itself. */
export function percentEncode(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x7e && c >= 0x21 && c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c && c !== 0x25) out += ch;
    else out += encodeURIComponent(ch).replace(/[!'()*]/g, (x) => "%" + x.charCodeAt(0).toString(16).toUpperCase());
  }
  return out;
}

function validProperty(p: string): boolean {
  const eq = p.indexOf("=");
  if (eq < 0) return isToken(trimOws(p));
  return isToken(trimOws(p.slice(0, eq))) && isBaggageOctets(trimOws(p.slice(eq + 1)));
}

/**
 * Parses one (possibly comma-combined) baggage header. The spec lets a receiver drop entries
 * it cannot use, so a malformed member is dropped (and its reason reported), not the header;
 * members past 180 or past 8192 bytes in total are dropped too. A header far beyond the
 * limit (over 4 × 8192 characters) is not parsed at all, which bounds the work.
 * Duplicate keys keep the last value at the first position.
 */
export function parseBaggage(raw: string): BaggageResult {
  if (raw.length > 4 * MAX_BAGGAGE_BYTES) return { error: "too-large" };
  const baggage = new Map<string, BaggageEntry>();
  const dropped: string[] = [];
  let bytes = 0;
  let members = 0;
  for (const part of raw.split(",")) {
    const member = trimOws(part);
    const reason = member === "" ? "empty-member" : undefined;
    const parsed = reason === undefined ? parseMember(member) : reason;
    if (typeof parsed === "string") {
      dropped.push(parsed);
      continue;
    }
    const size = Buffer.byteLength(member, "utf8") + (members > 0 ? 1 : 0);
    if (members + 1 > MAX_BAGGAGE_MEMBERS) {
      dropped.push("too-many-members");
      continue;
    }
    if (bytes + size > MAX_BAGGAGE_BYTES) {
      dropped.push("too-large");
      continue;
    }
    members++;
    bytes += size;
    baggage.set(parsed.key, parsed.entry);
  }
  return { baggage, dropped };
}

function parseMember(member: string): { key: string; entry: BaggageEntry } | string {
  const semi = member.indexOf(";");
  const pair = semi < 0 ? member : member.slice(0, semi);
  const eq = pair.indexOf("=");
  if (eq < 0) return "bad-member";
  const key = trimOws(pair.slice(0, eq));
  const rawValue = trimOws(pair.slice(eq + 1));
  if (!isToken(key)) return "bad-key";
  if (!isBaggageOctets(rawValue)) return "bad-value";
  const value = percentDecode(rawValue);
  if (value === undefined) return "bad-percent-encoding";
  if (semi < 0) return { key, entry: { value } };
  const props = member.slice(semi + 1).split(";");
  for (const p of props) if (!validProperty(p)) return "bad-property";
  return { key, entry: { value, properties: props.map(trimOws).join(";") } };
}

/** Serialises; members that would push the header past 8192 bytes or 180 members are dropped whole. */
export function formatBaggage(baggage: Baggage): string {
  let out = "";
  let count = 0;
  for (const [key, entry] of baggage) {
    if (!isToken(key)) continue;
    let member = key + "=" + percentEncode(entry.value);
    if (entry.properties !== undefined && entry.properties !== "") member += ";" + entry.properties;
    const next = out === "" ? member : out + "," + member;
    if (count + 1 > MAX_BAGGAGE_MEMBERS || Buffer.byteLength(next, "utf8") > MAX_BAGGAGE_BYTES) continue;
    out = next;
    count++;
  }
  return out;
}
