// Bit-level reading, most significant bit first, for the decoder of the paper's binary code.
import { ItcError } from "./types.ts";

export class BitReader {
  readonly bytes: Uint8Array;
  pos = 0; // bits read
  readonly end: number;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.end = bytes.length * 8;
  }

  bit(): number {
    if (this.pos >= this.end) {
      throw new ItcError("truncated", `decode: input ends at bit ${this.pos} in the middle of a stamp`, this.pos);
    }
    const b = (this.bytes[this.pos >>> 3]! >>> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return b;
  }

  /** Reads `count` bits (count ≤ 53) as a non-negative integer. */
  bits(count: number): number {
    let v = 0;
    for (let k = 0; k < count; k++) v = v * 2 + this.bit();
    return v;
  }

  /** After the code: the rest of the last byte must be zero padding, and no byte may follow. */
  finish(): void {
    const usedBytes = (this.pos + 7) >>> 3;
    if (usedBytes < this.bytes.length) {
      throw new ItcError(
        "trailing-data",
        `decode: the stamp ends at bit ${this.pos} but ${this.bytes.length - usedBytes} more byte(s) follow`,
        this.pos,
      );
    }
    for (let p = this.pos; p < this.end; p++) {
      if ((this.bytes[p >>> 3]! >>> (7 - (p & 7))) & 1) {
        throw new ItcError("trailing-data", `decode: padding bit ${p} after the stamp is not zero`, p);
      }
    }
  }
}
