// Header lookup over a plain map: names are case-insensitive, so try the lowercase name
// first (what inject writes) and fall back to a scan.
import type { Carrier } from "./types.ts";

export function getHeader(carrier: Readonly<Carrier>, lowerName: string): string | undefined {
  const direct = carrier[lowerName];
  if (typeof direct === "string") return direct;
  for (const key in carrier) {
    if (key.length === lowerName.length && key.toLowerCase() === lowerName) {
      const v = carrier[key];
      return typeof v === "string" ? v : undefined;
    }
  }
  return undefined;
}

/** Every header whose lowercase name starts with `lowerPrefix`, as [suffix, value] pairs. */
export function headersWithPrefix(carrier: Readonly<Carrier>, lowerPrefix: string): [string, string][] {
  const out: [string, string][] = [];
  for (const key in carrier) {
    const lower = key.toLowerCase();
    const v = carrier[key];
    if (lower.startsWith(lowerPrefix) && typeof v === "string") out.push([lower.slice(lowerPrefix.length), v]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
