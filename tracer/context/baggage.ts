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

export type BaggageResult = { readonly baggage: Baggage } | { readonly error: string };

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
 * Parses one (possibly comma-combined) baggage header. A header over 8192 bytes or 180
 * members, or one that does not match the grammar, is ignored as a whole. Duplicate keys keep
 * the last value (the map keeps the first position).
 */
export function parseBaggage(raw: string): BaggageResult {
  if (Buffer.byteLength(raw, "utf8") > MAX_BAGGAGE_BYTES) return { error: "too-large" };
  const baggage = new Map<string, BaggageEntry>();
  const parts = raw.split(",");
  if (parts.length > MAX_BAGGAGE_MEMBERS) return { error: "too-many-members" };
  for (const part of parts) {
    const member = trimOws(part);
    if (member === "") return { error: "bad-member" };
    const semi = member.indexOf(";");
    const pair = semi < 0 ? member : member.slice(0, semi);
    const eq = pair.indexOf("=");
    if (eq < 0) return { error: "bad-member" };
    const key = trimOws(pair.slice(0, eq));
    const rawValue = trimOws(pair.slice(eq + 1));
    if (!isToken(key)) return { error: "bad-key" };
    if (!isBaggageOctets(rawValue)) return { error: "bad-value" };
    const value = percentDecode(rawValue);
    if (value === undefined) return { error: "bad-percent-encoding" };
    let properties: string | undefined;
    if (semi >= 0) {
      const props = member.slice(semi + 1).split(";");
      for (const p of props) if (!validProperty(p)) return { error: "bad-property" };
      properties = props.map(trimOws).join(";");
    }
    baggage.set(key, properties === undefined ? { value } : { value, properties });
  }
  return { baggage };
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
