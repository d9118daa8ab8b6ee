// The wall-clock anchor of exported times: a trace's times (host-clock ns, 0-based in the
// simulator) are offsets from this instant in Jaeger and OTLP exports. Written as an RFC 3339
// time; kept exact to the nanosecond as a bigint, since epoch nanoseconds exceed 2^53.

/** The attribute exports put on root spans: the anchor their times count from, so a reader can take offsets again. */
export const EPOCH_ATTRIBUTE = "tracebed.epoch";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Nanoseconds since the Unix epoch, or undefined when the text is not an RFC 3339 time with a zone. */
export function parseEpoch(text: string): bigint | undefined {
  const m = RFC3339.exec(text.trim());
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC is a calendar computation of the given fields; no clock is read.
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const zone = m[8]!;
  const offsetMin = zone === "Z" || zone === "z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const fraction = BigInt((m[7] ?? "").padEnd(9, "0"));
  return BigInt(ms - offsetMin * 60_000) * 1_000_000n + fraction;
}

/** The instant as RFC 3339 UTC, with as many fractional digits as it needs. */
export function formatEpoch(ns: bigint): string {
  const seconds = ns >= 0n ? ns / 1_000_000_000n : (ns - 999_999_999n) / 1_000_000_000n;
  const fraction = ns - seconds * 1_000_000_000n;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19); // allow-wallclock: formats the given instant, reads no clock
  return fraction === 0n ? `${whole}Z` : `${whole}.${fraction.toString().padStart(9, "0").replace(/0+$/, "")}Z`;
}

export interface ExportOptions {
  /**
   * RFC 3339 time that a trace's time 0 stands for (e.g. "2026-01-01T00:00:00Z"); root spans
   * then carry it as the `tracebed.epoch` attribute. Without it times are written as they are.
   */
  readonly epoch?: string;
}

/** An export's anchor: its ns since the Unix epoch and its RFC 3339 UTC text. */
export interface Anchor {
  readonly ns: bigint;
  readonly text: string;
}

/** Throws a TypeError for text that is not an RFC 3339 time (scenario files are checked before this). */
export function anchorOf(epoch: string | undefined): Anchor | undefined {
  if (epoch === undefined) return undefined;
  const ns = parseEpoch(epoch);
  if (ns === undefined) throw new TypeError(`epoch: expected an RFC 3339 time such as "2026-01-01T00:00:00Z", got ${JSON.stringify(epoch)}`);
  return { ns, text: formatEpoch(ns) };
}
