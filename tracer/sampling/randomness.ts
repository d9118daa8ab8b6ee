// Randomness taken from the trace id, so every participant that sees the same trace draws the
// same number: the basis of consistent sampling across hops and stages (W3C Trace Context
// Level 2: the right-most 7 bytes of a trace id are random).

/** The trace id's last 14 hex digits: OTel's 56-bit randomness value R, as hex. */
export function randomnessHex(traceId: string): string {
  return traceId.slice(-14);
}

/** A uniform number in [0, 1) from the trace id's last 13 hex digits (52 bits). */
export function traceIdUniform(traceId: string): number {
  const v = Number.parseInt(traceId.slice(-13), 16);
  return Number.isNaN(v) ? 0 : v / 4503599627370496;
}
