// Serialized size of records and batches, computed from a fixed compact binary layout
// (Thrift-compact-like: a 1-byte field header, varint lengths, raw 16/8-byte ids, 8-byte
// times). It is an estimate of a real encoding, but a deterministic one: the same record
// always has the same size, so overhead figures are reproducible.
import type { Attributes, SpanLink, SpanRecord, TraceEvent, TraceRecord } from "../model/types.ts";

/** UTF-8 length of a JS string, without allocating. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      // A surrogate pair: 2 UTF-16 units (already counted) and 4 UTF-8 bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

function varintBytes(n: number): number {
  let bytes = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    bytes++;
  }
  return bytes;
}

/** A string field: header + varint length + UTF-8 bytes. */
function str(s: string): number {
  const len = utf8Length(s);
  return 1 + varintBytes(len) + len;
}

const TRACE_ID = 17; // header + 16 raw bytes
const SHORT_ID = 9; // header + 8 raw bytes
const TIME = 9; // header + fixed 64-bit
const ENUM = 2;

function attributesBytes(attributes: Attributes | undefined): number {
  if (attributes === undefined) return 0;
  let n = 0;
  let count = 0;
  for (const key in attributes) {
    const value = attributes[key]!;
    count++;
    n += cachedStr(key);
    if (typeof value === "string") n += str(value);
    else if (typeof value === "number") n += 9;
    else n += 2;
  }
  return count === 0 ? 0 : n + 1 + varintBytes(count);
}

const frozenSizes = new WeakMap<Attributes, number>();

/** Frozen attributes (one object a trace point shares across calls) never change: their size is computed once. */
function frozenAttributesBytes(attributes: Attributes): number {
  let n = frozenSizes.get(attributes);
  if (n === undefined) {
    n = attributesBytes(attributes);
    frozenSizes.set(attributes, n);
  }
  return n;
}

function linksBytes(links: readonly SpanLink[] | undefined): number {
  if (links === undefined || links.length === 0) return 0;
  let n = 1 + varintBytes(links.length);
  for (const link of links) n += TRACE_ID + SHORT_ID + attributesBytes(link.attributes);
  return n;
}

function statusBytes(status: { readonly code: string; readonly message?: string } | undefined): number {
  if (status === undefined) return 0;
  return ENUM + (status.message === undefined ? 0 : str(status.message));
}

// A small direct-mapped cache for names and attribute keys: a few strings, reused by many
// records, in an order that defeats a one-entry cache (a trace's spans take turns).
// Comparing a string with itself is a pointer check.
const SLOTS = 64;
const cachedString: string[] = new Array<string>(SLOTS).fill("");
const cachedBytes: number[] = new Array<number>(SLOTS).fill(str(""));

/** A string's slot in a direct-mapped cache of `slots` (a power of two) entries: from its length and ends. */
export function stringSlot(s: string, slots: number): number {
  const n = s.length;
  return n === 0 ? 0 : ((n << 2) ^ s.charCodeAt(n - 1) ^ (s.charCodeAt(0) << 3)) & (slots - 1);
}

function cachedStr(s: string): number {
  const slot = stringSlot(s, SLOTS);
  if (cachedString[slot] === s) return cachedBytes[slot]!;
  const bytes = str(s);
  cachedString[slot] = s;
  cachedBytes[slot] = bytes;
  return bytes;
}

const nameBytes = cachedStr;

// Services and hosts are few, and a host's services take turns: the same direct-mapped cache.
const serviceAndHostBytes = (service: string, host: string): number => cachedStr(service) + cachedStr(host);

export function eventBytes(e: TraceEvent): number {
  // Events come in several shapes (start, end, fork, ...): read each optional field only on
  // the kinds that carry it, since every read of a polymorphic object costs a cache lookup.
  const kind = e.kind;
  const parents = e.parents.length;
  let n = TRACE_ID + SHORT_ID + ENUM + nameBytes(e.name) + serviceAndHostBytes(e.service, e.host) + TIME + SHORT_ID;
  n += 1 + (parents < 128 ? 1 : varintBytes(parents)) + 8 * parents;
  const itc = e.itc;
  if (itc !== undefined) {
    const raw = (itc.length * 3) >>> 2;
    n += 1 + varintBytes(raw) + raw;
  }
  const attributes = e.attributes;
  if (attributes !== undefined) n += Object.isFrozen(attributes) ? frozenAttributesBytes(attributes) : attributesBytes(attributes);
  if (kind === "start") {
    if (e.spanKind !== undefined) n += ENUM;
    if (e.parentSpanId !== undefined) n += SHORT_ID;
    n += linksBytes(e.links);
  } else if (kind === "end") {
    n += linksBytes(e.links);
    n += statusBytes(e.status);
  }
  return n;
}

export function spanBytes(s: SpanRecord): number {
  let n = TRACE_ID + SHORT_ID + ENUM + nameBytes(s.name) + serviceAndHostBytes(s.service, s.host) + TIME + TIME;
  if (s.parentSpanId !== undefined) n += SHORT_ID;
  n += linksBytes(s.links);
  n += attributesBytes(s.attributes);
  n += statusBytes(s.status);
  if (s.logs.length > 0) {
    n += 1 + varintBytes(s.logs.length);
    for (const log of s.logs) n += TIME + attributesBytes(log.attributes);
  }
  return n;
}

/** Bytes of one record on the wire (1-byte type tag plus its body). */
export function recordBytes(record: TraceRecord): number {
  return 1 + (record.type === "event" ? eventBytes(record.event) : spanBytes(record.span));
}

/** Fixed part of a batch: agent, host, sequence number, client stats, list header. */
export function batchHeaderBytes(agent: string, host: string, records: number): number {
  return 1 + str(agent) + str(host) + TIME + 3 * TIME + 1 + varintBytes(records);
}
