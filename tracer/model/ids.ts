// Trace, span and event ids drawn from the injected random source, 32 bits per draw, so the
// ids are a pure function of the seed.
import type { RandomSource } from "./types.ts";

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

const draw = (random: RandomSource): number => (random.next() * 4294967296) >>> 0;

// One String.fromCharCode call per id: about three times faster than concatenating pieces.
function hex64(n: number, m: number): string {
  const h = HEX;
  return String.fromCharCode(
    h[n >>> 28]!, h[(n >>> 24) & 15]!, h[(n >>> 20) & 15]!, h[(n >>> 16) & 15]!,
    h[(n >>> 12) & 15]!, h[(n >>> 8) & 15]!, h[(n >>> 4) & 15]!, h[n & 15]!,
    h[m >>> 28]!, h[(m >>> 24) & 15]!, h[(m >>> 20) & 15]!, h[(m >>> 16) & 15]!,
    h[(m >>> 12) & 15]!, h[(m >>> 8) & 15]!, h[(m >>> 4) & 15]!, h[m & 15]!,
  );
}

/** 16 lowercase hex digits, never all zero (W3C treats an all-zero id as invalid). */
export const newId64 = (random: RandomSource): string => drawId64(random).text;

/** A 64-bit id as its text and as two int32 halves (so a span can keep them as small integers). */
export interface Id64 {
  readonly text: string;
  readonly hi: number;
  readonly lo: number;
}

/**
 * newId64's id, with its halves: a span keeps them to write its end event's id (flippedId64)
 * from numbers rather than by reading its id's characters back.
 */
export function drawId64(random: RandomSource): Id64 {
  for (;;) {
    const n = draw(random);
    const m = draw(random);
    if ((n | m) !== 0) return { text: hex64(n, m), hi: n | 0, lo: m | 0 };
  }
}

/** The 16-hex-digit id whose halves (as drawId64 gives them, or hexHalf reads them) these are. */
export const id64 = (hi: number, lo: number): string => hex64(hi >>> 0, lo >>> 0);

/**
 * The value of the 8 lowercase hex digits of `id` from `at` (0 or 8 for a 64-bit id's high and
 * low halves), as an unsigned 32-bit number, or -1 when they are not 8 such digits. For a
 * 16-digit id, id64(hexHalf(id, 0), hexHalf(id, 8)) is the id again.
 */
export function hexHalf(id: string, at: number): number {
  if (id.length < at + 8) return -1;
  let v = 0;
  for (let i = at; i < at + 8; i++) {
    const d = HEX_VALUE[id.charCodeAt(i)] ?? -1;
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v >>> 0;
}

/**
 * Writes a 16-hex-digit id's two halves, as int32, at `ints[at]` and `ints[at + 1]`; false for
 * any other string (the two slots are then unspecified).
 */
export function writeId64(ints: Int32Array, at: number, id: string): boolean {
  if (id.length !== 16) return false;
  const hi = hexHalf(id, 0);
  const lo = hexHalf(id, 8);
  ints[at] = hi | 0;
  ints[at + 1] = lo | 0;
  return hi >= 0 && lo >= 0;
}

/** Digit value by char code: lowercase hex only, as ids are written. */
const HEX_VALUE: Int8Array = (() => {
  const v = new Int8Array(128).fill(-1);
  for (let i = 0; i < 16; i++) v[HEX[i]!] = i;
  return v;
})();

/** flipTopBit(the id drawId64 gave with these halves). */
export const flippedId64 = (hi: number, lo: number): string => id64(hi ^ 0x80000000, lo);

/** 32 lowercase hex digits, never all zero. */
export function newId128(random: RandomSource): string {
  for (;;) {
    const a = draw(random);
    const b = draw(random);
    const c = draw(random);
    const d = draw(random);
    if ((a | b | c | d) !== 0) return hex128(a, b, c, d);
  }
}

function hex128(a: number, b: number, c: number, d: number): string {
  const h = HEX;
  return String.fromCharCode(
    h[a >>> 28]!, h[(a >>> 24) & 15]!, h[(a >>> 20) & 15]!, h[(a >>> 16) & 15]!,
    h[(a >>> 12) & 15]!, h[(a >>> 8) & 15]!, h[(a >>> 4) & 15]!, h[a & 15]!,
    h[b >>> 28]!, h[(b >>> 24) & 15]!, h[(b >>> 20) & 15]!, h[(b >>> 16) & 15]!,
    h[(b >>> 12) & 15]!, h[(b >>> 8) & 15]!, h[(b >>> 4) & 15]!, h[b & 15]!,
    h[c >>> 28]!, h[(c >>> 24) & 15]!, h[(c >>> 20) & 15]!, h[(c >>> 16) & 15]!,
    h[(c >>> 12) & 15]!, h[(c >>> 8) & 15]!, h[(c >>> 4) & 15]!, h[c & 15]!,
    h[d >>> 28]!, h[(d >>> 24) & 15]!, h[(d >>> 20) & 15]!, h[(d >>> 16) & 15]!,
    h[(d >>> 12) & 15]!, h[(d >>> 8) & 15]!, h[(d >>> 4) & 15]!, h[d & 15]!,
  );
}

// Flipping the top bit of the first hex digit: 0-7 <-> 8-f.
const FLIP: number[] = [];
for (let i = 0; i < 16; i++) FLIP[HEX[i]!] = HEX[i ^ 8]!;

/**
 * The id with its top bit flipped: as unlikely to collide with another id of the trace as two
 * random ids are, and it costs no random draws (used for a span's end event).
 */
export function flipTopBit(id: string): string {
  return String.fromCharCode(
    FLIP[id.charCodeAt(0)]!, id.charCodeAt(1), id.charCodeAt(2), id.charCodeAt(3),
    id.charCodeAt(4), id.charCodeAt(5), id.charCodeAt(6), id.charCodeAt(7),
    id.charCodeAt(8), id.charCodeAt(9), id.charCodeAt(10), id.charCodeAt(11),
    id.charCodeAt(12), id.charCodeAt(13), id.charCodeAt(14), id.charCodeAt(15),
  );
}
