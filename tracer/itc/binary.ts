// The paper's binary code for stamps (specs/itc.md "Binary encoding"), and a bounded decoder
// that accepts exactly the codes `encode` produces: normal forms, canonical choices, zero
// padding, nothing after. Decoding uses explicit stacks, so nesting depth cannot exhaust the
// JS stack; every bit is read once, so the work is linear in the input.
import { BitReader } from "./reader.ts";
import { finish, put, putNum, reset, scratch } from "./writer.ts";
import { EventNode, IdNode, ItcError, MAX_BYTES, MAX_DEPTH, Stamp } from "./types.ts";
import type { EventTree, Id } from "./types.ts";

export interface DecodeOptions {
  /** Longest accepted input in bytes (default MAX_BYTES). */
  readonly maxBytes?: number;
  /** Deepest accepted id or event tree (default MAX_DEPTH, the most fork can build). */
  readonly maxDepth?: number;
}

function idBits(i: Id): number {
  if (typeof i === "number") return 3;
  if (i.l === 0) return 2 + idBits(i.r);
  if (i.r === 0) return 2 + idBits(i.l);
  return 2 + idBits(i.l) + idBits(i.r);
}

/** Length of num(n, 2). */
function numBits(n: number): number {
  let width = 2;
  let ones = 0;
  while (n >= 2 ** width) {
    n -= 2 ** width;
    width++;
    ones++;
  }
  return ones + 1 + width;
}

function eventBits(e: EventTree): number {
  if (typeof e === "number") return 1 + numBits(e);
  const head = e.n === 0 ? 3 : e.l === 0 || e.r === 0 ? 5 + 1 + numBits(e.n) : 4 + 1 + numBits(e.n);
  return head + (e.l === 0 ? 0 : eventBits(e.l)) + (e.r === 0 ? 0 : eventBits(e.r));
}

/** Length of the stamp's code in bits (before padding to whole bytes). */
export function encodedBits(s: Stamp): number {
  return idBits(s.id) + eventBits(s.event);
}

function writeId(i: Id): void {
  if (typeof i === "number") {
    put(i, 3); // 00 then the bit
  } else if (i.l === 0) {
    put(0b01, 2);
    writeId(i.r);
  } else if (i.r === 0) {
    put(0b10, 2);
    writeId(i.l);
  } else {
    put(0b11, 2);
    writeId(i.l);
    writeId(i.r);
  }
}

function writeEvent(e: EventTree): void {
  if (typeof e === "number") {
    if (e < 4) put(0b1000 | e, 4);
    else {
      put(1, 1);
      putNum(e);
    }
    return;
  }
  const { n, l, r } = e;
  if (n === 0) {
    if (l === 0) put(0b000, 3);
    else if (r === 0) put(0b001, 3);
    else put(0b010, 3);
  } else {
    if (l === 0) put(0b01100, 5);
    else if (r === 0) put(0b01101, 5);
    else put(0b0111, 4);
    writeEvent(n);
  }
  if (l !== 0) writeEvent(l);
  if (r !== 0) writeEvent(r);
}

/** Encodes s into the writer's scratch buffer; returns the byte count. */
export function encodeToScratch(s: Stamp): number {
  reset();
  writeId(s.id);
  writeEvent(s.event);
  return finish();
}

/** The stamp's code, packed most significant bit first, zero-padded to a whole byte. */
export function encode(s: Stamp): Uint8Array {
  const length = encodeToScratch(s);
  return scratch().slice(0, length);
}

/** Decodes exactly one stamp from untrusted bytes; fails only with ItcError. */
export function decode(bytes: Uint8Array, options?: DecodeOptions): Stamp {
  if (!(bytes instanceof Uint8Array)) {
    throw new ItcError("invalid-argument", "decode: expected a Uint8Array");
  }
  const maxBytes = options?.maxBytes ?? MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new ItcError("too-large", `decode: ${bytes.length} bytes is over the limit of ${maxBytes}`);
  }
  return decodePrefix(bytes, bytes.length, options?.maxDepth);
}

// One reader for all calls: decoding is synchronous and never re-entered.
const reader = new BitReader();

/** Decodes the first `length` bytes of `bytes` (already checked against the byte limit). */
export function decodePrefix(bytes: Uint8Array, length: number, maxDepth = MAX_DEPTH): Stamp {
  const depth = maxDepth < MAX_DEPTH ? maxDepth : MAX_DEPTH;
  reader.reset(bytes, length);
  const id = readId(reader, depth);
  const event = readEvent(reader, depth);
  reader.finish();
  return new Stamp(id, event);
}

function notNormal(what: string, pos: number): ItcError {
  return new ItcError("not-normal", `decode: ${what} at bit ${pos}`, pos);
}

function tooDeep(kind: string, maxDepth: number, pos: number): ItcError {
  return new ItcError("too-deep", `decode: ${kind} tree nested deeper than ${maxDepth} levels at bit ${pos}`, pos);
}

// The decoder's explicit stacks, reused across calls (decode is synchronous and never
// re-entered), sized for the deepest tree any stamp may have.
const idModes = new Uint8Array(MAX_DEPTH);
const idStarts = new Float64Array(MAX_DEPTH);
const idLefts: Id[] = new Array<Id>(MAX_DEPTH).fill(0);
const evModes = new Uint8Array(MAX_DEPTH);
const evStarts = new Float64Array(MAX_DEPTH);
const evBases = new Float64Array(MAX_DEPTH);
const evLeftHeights = new Float64Array(MAX_DEPTH);
const evLefts: EventTree[] = new Array<EventTree>(MAX_DEPTH).fill(0);

// Id frames: 1 = (0, ?), 2 = (?, 0), 3 = (?, ?) awaiting the left, 4 = awaiting the right.
function readId(reader: BitReader, maxDepth: number): Id {
  let top = -1;
  for (;;) {
    const start = reader.pos;
    const tag = reader.bits(2);
    if (tag !== 0) {
      if (top + 1 >= maxDepth) throw tooDeep("id", maxDepth, start);
      top++;
      idModes[top] = tag;
      idStarts[top] = start;
      continue;
    }
    let v: Id = reader.bit() as 0 | 1;
    for (;;) {
      if (top < 0) return v;
      const mode = idModes[top]!;
      if (v === 0) throw notNormal("an id node with a 0 child written as a pair (not canonical)", idStarts[top]!);
      if (mode === 3) {
        idModes[top] = 4;
        idLefts[top] = v;
        break;
      }
      if (mode === 1) v = new IdNode(0, v);
      else if (mode === 2) v = new IdNode(v, 0);
      else {
        const l = idLefts[top]!;
        idLefts[top] = 0;
        if (l === 1 && v === 1) throw notNormal("the id (1,1), whose normal form is 1", idStarts[top]!);
        v = new IdNode(l, v);
      }
      top--;
    }
  }
}

function readNum(reader: BitReader): number {
  const start = reader.pos;
  let width = 2;
  let offset = 0;
  while (reader.bit() === 1) {
    offset += 2 ** width;
    width++;
    if (width > 53) {
      throw new ItcError("number-too-large", `decode: counter at bit ${start} exceeds 2^53`, start);
    }
  }
  const n = offset + reader.bits(width);
  if (n > Number.MAX_SAFE_INTEGER) {
    throw new ItcError("number-too-large", `decode: counter at bit ${start} exceeds 2^53 - 1`, start);
  }
  return n;
}

// Event frames: 0 = (n, 0, ?), 1 = (n, ?, 0), 2 = (n, ?, ?) awaiting the left, 3 = awaiting the right.
function readEvent(reader: BitReader, maxDepth: number): EventTree {
  let top = -1;
  for (;;) {
    const start = reader.pos;
    let v: EventTree;
    if (reader.bit() === 1) {
      v = readNum(reader);
    } else {
      const tag = reader.bits(2);
      let n = 0;
      let mode: number;
      if (tag === 0b11) {
        const both = reader.bit();
        mode = both ? 2 : reader.bit();
        const leafAt = reader.pos;
        if (reader.bit() !== 1) throw notNormal("a node's base written as a node instead of a leaf", leafAt);
        n = readNum(reader);
        if (n === 0) throw notNormal("a node with base 0 written in the long form (not canonical)", start);
      } else {
        mode = tag === 0b00 ? 0 : tag === 0b01 ? 1 : 2;
      }
      if (top + 1 >= maxDepth) throw tooDeep("event", maxDepth, start);
      top++;
      evModes[top] = mode;
      evBases[top] = n;
      evStarts[top] = start;
      continue;
    }
    let vh = v; // the height of v, to refuse counters that overflow along a path
    for (;;) {
      if (top < 0) return v;
      const mode = evModes[top]!;
      if (v === 0) throw notNormal("an event node with a 0 child written in the long form (not canonical)", evStarts[top]!);
      if (mode === 2) {
        evModes[top] = 3;
        evLefts[top] = v;
        evLeftHeights[top] = vh;
        break;
      }
      const n = evBases[top]!;
      if (mode === 0) v = new EventNode(n, 0, v);
      else if (mode === 1) v = new EventNode(n, v, 0);
      else {
        const l = evLefts[top]!;
        evLefts[top] = 0;
        const bl = typeof l === "number" ? l : l.n;
        const br = typeof v === "number" ? v : v.n;
        if (bl !== 0 && br !== 0) throw notNormal("an event node whose children both have a base above 0", evStarts[top]!);
        const lh = evLeftHeights[top]!;
        if (lh > vh) vh = lh;
        v = new EventNode(n, l, v);
      }
      vh += n;
      if (vh > Number.MAX_SAFE_INTEGER) {
        throw new ItcError("number-too-large", `decode: counters along the path at bit ${evStarts[top]!} exceed 2^53 - 1`, evStarts[top]!);
      }
      top--;
    }
  }
}
