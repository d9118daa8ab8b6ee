// Trace, span and event ids drawn from the injected random source, 32 bits per draw, so the
// ids are a pure function of the seed.
import type { RandomSource } from "./types.ts";

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));

function hex32(random: RandomSource): string {
  const n = (random.next() * 4294967296) >>> 0;
  return HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
}

const ZERO16 = "0000000000000000";

/** 16 lowercase hex digits, never all zero (W3C treats an all-zero id as invalid). */
export function newId64(random: RandomSource): string {
  for (;;) {
    const id = hex32(random) + hex32(random);
    if (id !== ZERO16) return id;
  }
}

const ZERO32 = ZERO16 + ZERO16;

/** 32 lowercase hex digits, never all zero. */
export function newId128(random: RandomSource): string {
  for (;;) {
    const id = hex32(random) + hex32(random) + hex32(random) + hex32(random);
    if (id !== ZERO32) return id;
  }
}

export const isHex = (s: string, length: number): boolean =>
  s.length === length && /^[0-9a-f]+$/.test(s);
