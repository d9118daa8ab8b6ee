// Bit-level reading, most significant bit first, for the decoder of the paper's binary code.
import { ItcError } from "./types.ts";

export class BitReader {
  bytes: Uint8Array = new Uint8Array(0);
  length = 0; // bytes of input (a prefix of `bytes`)
  pos = 0; // bits read
  end = 0; // bits of input

  /** Starts reading the first `length` bytes of `bytes`. */
  reset(bytes: Uint8Array, length: number): this {
    this.bytes = bytes;
    this.length = length;
    this.pos = 0;
    this.end = length * 8;
    return this;
  }

  private truncated(): ItcError {
    return new ItcError("truncated", `decode: input ends at bit ${this.end} in the middle of a stamp`, this.end);
  }

  bit(): number {
    const p = this.pos;
    if (p >= this.end) throw this.truncated();
    this.pos = p + 1;
    return (this.bytes[p >>> 3]! >>> (7 - (p & 7))) & 1;
  }

  /** Reads `count` bits (count ≤ 53) as a non-negative integer. */
  bits(count: number): number {
    let p = this.pos;
    if (p + count > this.end) throw this.truncated();
    let v = 0;
    while (count > 0) {
      // take as many bits as this byte still has, at most `count`
      const avail = 8 - (p & 7);
      const take = avail < count ? avail : count;
      const chunk = (this.bytes[p >>> 3]! >>> (avail - take)) & ((1 << take) - 1);
      v = v * (1 << take) + chunk;
      p += take;
      count -= take;
    }
    this.pos = p;
    return v;
  }

  /** After the code: the rest of the last byte must be zero padding, and no byte may follow. */
  finish(): void {
    const usedBytes = (this.pos + 7) >>> 3;
    if (usedBytes < this.length) {
      throw new ItcError(
        "trailing-data",
        `decode: the stamp ends at bit ${this.pos} but ${this.length - usedBytes} more byte(s) follow`,
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
