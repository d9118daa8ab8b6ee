// Interval Tree Clocks, exactly as specs/itc.md states them: stamp operations, the canonical
// text notation, the paper's binary code and base64url for headers. All functions are pure;
// stamps are immutable and share subtrees. The only error thrown is ItcError.
export { seed, fork, forkMany, event, join, peek, leq, compare, stampsEqual } from "./stamp.ts";
export type { Ordering } from "./stamp.ts";
export { toText, fromText } from "./text.ts";
export type { ParseOptions } from "./text.ts";
export { encode, decode, encodedBits } from "./binary.ts";
export type { DecodeOptions } from "./binary.ts";
export { encodeBase64url, decodeBase64url, bytesToBase64url, base64urlToBytes } from "./base64url.ts";
export { isNormal } from "./normal.ts";
export { ItcError, Stamp, IdNode, EventNode, MAX_DEPTH, MAX_BYTES } from "./types.ts";
export type { Id, EventTree, ItcErrorReason } from "./types.ts";
