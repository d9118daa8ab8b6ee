// Header lookup over a plain map: names are case-insensitive, so try the lowercase name first
// (what inject writes) and fall back to the names of the same length, compared without case.
// Inside an extraction (beginHeaderScope), once a miss has shown the map to be large, its names
// are grouped by length in one pass that lowercases nothing, and every later lookup of every
// format uses that grouping: reading a context costs two passes over the headers plus, per name
// looked up, the names of its length (few in practice; a constant number of passes at worst),
// however many names the formats miss (the map is the caller's and may hold thousands). A small
// map is scanned, which is cheaper than an index. Scopes do not nest: an inner one ends the outer
// one, which then scans (still correct, as lookups check which carrier the scope is for).
import type { Carrier } from "./types.ts";

/** The carrier's names by length, in the carrier's order. */
type NameIndex = Map<number, string[]>;

/** Past this many headers, a second miss builds the index (a choice: below it a scan is cheaper, bench headers). */
const INDEX_FROM = 16;

/** The carrier of the extraction in progress, its size once a scan counted it (-1 before), its index once built. */
let scopeCarrier: object | undefined;
let scopeSize = -1;
let scopeIndex: NameIndex | undefined;

function buildIndex(carrier: Readonly<Carrier>): NameIndex {
  const index: NameIndex = new Map();
  for (const key in carrier) {
    const list = index.get(key.length);
    if (list === undefined) index.set(key.length, [key]);
    else list.push(key);
  }
  return index;
}

/**
 * Starts lookups that share one name index for `carrier` (built when misses show it is large),
 * until endHeaderScope. Values are read from the carrier at each lookup; the names are taken as
 * they were when the index was built, so the carrier must not gain headers meanwhile
 * (extraction only reads). Plain module state rather than a closure: extraction is a hot path.
 */
export function beginHeaderScope(carrier: Readonly<Carrier>): void {
  scopeCarrier = carrier;
  scopeSize = -1;
  scopeIndex = undefined;
}

export function endHeaderScope(): void {
  scopeCarrier = undefined;
  scopeIndex = undefined;
}

/** Runs `fn` inside a header scope for `carrier` (for callers off the hot path). */
export function withHeaderIndex<T>(carrier: Readonly<Carrier>, fn: () => T): T {
  beginHeaderScope(carrier);
  try {
    return fn();
  } finally {
    endHeaderScope();
  }
}

function valueOf(carrier: Readonly<Carrier>, key: string): string | undefined {
  const v = carrier[key];
  return typeof v === "string" ? v : undefined;
}

export function getHeader(carrier: Readonly<Carrier>, lowerName: string): string | undefined {
  const direct = carrier[lowerName];
  if (typeof direct === "string") return direct;
  if (scopeCarrier === carrier) return scopedLookup(carrier, lowerName);
  for (const key in carrier) {
    if (key.length === lowerName.length && key.toLowerCase() === lowerName) return valueOf(carrier, key);
  }
  return undefined;
}

/** A miss inside an extraction: a counting scan first; once the map is known to be large, the index. */
function scopedLookup(carrier: Readonly<Carrier>, lowerName: string): string | undefined {
  if (scopeSize > INDEX_FROM) {
    const same = (scopeIndex ??= buildIndex(carrier)).get(lowerName.length);
    if (same !== undefined) for (const key of same) if (key.toLowerCase() === lowerName) return valueOf(carrier, key);
    return undefined;
  }
  let size = 0;
  let found: string | undefined;
  for (const key in carrier) {
    size++;
    if (found === undefined && key.length === lowerName.length && key.toLowerCase() === lowerName) found = key;
  }
  scopeSize = size;
  return found === undefined ? undefined : valueOf(carrier, found);
}

/**
 * Headers whose lowercase name starts with `lowerPrefix`, as [suffix, value] pairs sorted by
 * suffix: at most `limit` of them (the first in the carrier's order), and how many more there
 * were. A lowercase suffix that appears more than once keeps its first header.
 */
export function headersWithPrefix(carrier: Readonly<Carrier>, lowerPrefix: string, limit = Infinity): { items: [string, string][]; more: number } {
  const items: [string, string][] = [];
  const seen = new Set<string>();
  let more = 0;
  const first = lowerPrefix.charCodeAt(0);
  for (const key in carrier) {
    // The first letter, folded to lowercase, screens out most names before any lowercasing.
    if (key.length < lowerPrefix.length || (key.charCodeAt(0) | 0x20) !== first) continue;
    const lower = key.toLowerCase();
    const v = carrier[key];
    if (!lower.startsWith(lowerPrefix) || typeof v !== "string") continue;
    const suffix = lower.slice(lowerPrefix.length);
    if (seen.has(suffix)) continue;
    if (items.length >= limit) {
      more++;
      continue;
    }
    seen.add(suffix);
    items.push([suffix, v]);
  }
  items.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { items, more };
}
