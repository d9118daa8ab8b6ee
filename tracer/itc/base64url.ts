// base64url without padding (RFC 4648 §5), strict: only the alphabet, no padding, zero unused
// bits in the last character. Hand-written so the tracer runs the same in any JS host.
import { decodePrefix, encodeToScratch } from "./binary.ts";
import type { DecodeOptions } from "./binary.ts";
import { ItcError, MAX_BYTES } from "./types.ts";
import { scratch } from "./writer.ts";
import type { Stamp } from "./types.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const CODES = new Uint8Array(64);
const VALUES = new Int8Array(128).fill(-1);
for (let k = 0; k < 64; k++) {
  CODES[k] = ALPHABET.charCodeAt(k);
  VALUES[CODES[k]!] = k;
}

export function bytesToBase64url(bytes: Uint8Array, length = bytes.length): string {
  // Four characters per String.fromCharCode call: much cheaper than one concatenation each.
  let out = "";
  let k = 0;
  for (; k + 2 < length; k += 3) {
    const v = (bytes[k]! << 16) | (bytes[k + 1]! << 8) | bytes[k + 2]!;
    out += String.fromCharCode(CODES[v >>> 18]!, CODES[(v >>> 12) & 63]!, CODES[(v >>> 6) & 63]!, CODES[v & 63]!);
  }
  const rest = length - k;
  if (rest === 1) {
    const v = bytes[k]!;
    out += String.fromCharCode(CODES[v >>> 2]!, CODES[(v & 3) << 4]!);
  } else if (rest === 2) {
    const v = (bytes[k]! << 8) | bytes[k + 1]!;
    out += String.fromCharCode(CODES[v >>> 10]!, CODES[(v >>> 4) & 63]!, CODES[(v & 15) << 2]!);
  }
  return out;
}

export function base64urlToBytes(text: string, maxBytes = MAX_BYTES): Uint8Array {
  const length = checkText(text, maxBytes);
  const out = new Uint8Array(length);
  fillBytes(text, out);
  return out;
}

/** Validates the text's type and length; returns the byte count it decodes to. */
function checkText(text: string, maxBytes: number): number {
  if (typeof text !== "string") throw new ItcError("invalid-argument", "base64url: expected a string");
  if (text.length > Math.ceil((maxBytes * 4) / 3)) {
    throw new ItcError("too-large", `base64url: ${text.length} characters is over the limit for ${maxBytes} bytes`);
  }
  if (text.length % 4 === 1) throw new ItcError("truncated", `base64url: ${text.length} characters cannot be whole bytes`);
  return Math.floor((text.length * 3) / 4);
}

/** Decodes the (length-checked) text into `out`, strictly. */
function fillBytes(text: string, out: Uint8Array): void {
  let acc = 0;
  let held = 0;
  let o = 0;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    const v = code < 128 ? VALUES[code]! : -1;
    if (v < 0) throw new ItcError("syntax", `base64url: character ${JSON.stringify(text[k])} at offset ${k} is not in the alphabet`, k);
    acc = ((acc << 6) | v) & 0xffffff;
    held += 6;
    if (held >= 8) {
      held -= 8;
      out[o++] = (acc >>> held) & 0xff;
    }
  }
  if ((acc & ((1 << held) - 1)) !== 0) {
    throw new ItcError("trailing-data", "base64url: unused bits of the last character are not zero", text.length - 1);
  }
}

// Scratch bytes for header decoding, so decoding a header allocates only the stamp.
let scratchIn = new Uint8Array(64);

// The last stamp encoded and its text: a tracer often writes the same stamp into an event
// record and then into a header. Stamps are immutable, so identity is enough.
let lastStamp: Stamp | undefined;
let lastText = "";

/** The stamp's binary code as unpadded base64url, for headers. */
export function encodeBase64url(s: Stamp): string {
  if (s === lastStamp) return lastText;
  const text = bytesToBase64url(scratch(), encodeToScratch(s));
  lastStamp = s;
  lastText = text;
  return text;
}

/** Decodes a base64url header value; fails only with ItcError. */
export function decodeBase64url(text: string, options?: DecodeOptions): Stamp {
  const length = checkText(text, options?.maxBytes ?? MAX_BYTES);
  if (scratchIn.length < length) scratchIn = new Uint8Array(Math.max(length, scratchIn.length * 2));
  fillBytes(text, scratchIn);
  return decodePrefix(scratchIn, length, options?.maxDepth);
}
