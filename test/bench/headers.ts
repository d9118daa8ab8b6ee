// `npm run bench -- headers`: extraction from carriers with many headers. A request's header map
// is attacker-sized (a proxy may pass thousands of headers), so extraction must cost at most a
// constant per header: each format's cost is printed in ns per header at growing sizes, beside
// two peers measured in the same run — one pass that lowercases every header name (about what
// any case-insensitive lookup must do), and the codec called without the shared name index (a
// scan of the whole map per name looked up, as extraction did before). A ratio that stays
// constant across sizes is linear; a growing one is not.
import { newPropagationStats } from "../../tracer/context/types.ts";
import type { Carrier, Format } from "../../tracer/index.ts";
import { CODECS, extractContext, newPropagationOptions } from "../../tracer/context/propagation.ts";
import { formatNumber, nsPer, printTable } from "./harness.ts";
import type { Suite, SuiteResult } from "./harness.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

/** `n` unrelated headers in mixed case, then the format's own headers in a non-canonical case (so a direct lowercase hit misses). */
function carrier(format: Format, n: number): Carrier {
  const c: Carrier = {};
  for (let i = 0; i < n; i++) c[`X-Forwarded-Header-${i}`] = `value-${i}`;
  switch (format) {
    case "w3c":
      c["Traceparent"] = `00-${TRACE}-${SPAN}-01`;
      c["Tracestate"] = "congo=t61rcWkgMzE";
      c["Baggage"] = "userId=alice";
      break;
    case "b3multi":
      Object.assign(c, { "X-B3-TraceId": TRACE, "X-B3-SpanId": SPAN, "X-B3-Sampled": "1" });
      break;
    case "jaeger":
      c["Uber-Trace-Id"] = `${TRACE}:${SPAN}:0:1`;
      // Failed baggage entries: names without a key, values that are not URL-encoded.
      for (let i = 0; i < n; i++) c[i % 2 === 0 ? "Uberctx-" : `Uberctx-k${i}`] = i % 2 === 0 ? "x" : "%zz";
      break;
    default:
      break;
  }
  return c;
}

const FORMATS_MEASURED: readonly Format[] = ["w3c", "b3multi", "jaeger"];

export const suite: Suite = {
  name: "headers",
  run({ quick }) {
    const sizes = quick ? [10, 1000] : [10, 100, 1000, 10_000, 100_000];
    const runs = quick ? 3 : 5;
    const rows: string[][] = [];
    const result: SuiteResult = {};
    for (const format of FORMATS_MEASURED) {
      for (const n of sizes) {
        const c = carrier(format, n);
        const headers = Object.keys(c).length;
        const reps = Math.max(1, Math.floor(200_000 / headers));
        const options = newPropagationOptions(newPropagationStats(), undefined, []);
        let sink = 0;
        const extract = nsPer(reps * headers, () => {
          for (let r = 0; r < reps; r++) if (extractContext(c, format, options) !== undefined) sink++;
        }, runs);
        const codec = CODECS[format];
        const scans = nsPer(reps * headers, () => {
          for (let r = 0; r < reps; r++) if (codec.extract(c, options) !== undefined) sink++;
        }, runs);
        const peer = nsPer(reps * headers, () => {
          for (let r = 0; r < reps; r++) for (const k in c) sink += k.toLowerCase().length;
        }, runs);
        if (sink < 0) throw new Error("unreachable");
        rows.push([format, String(n), String(headers), extract.toFixed(1), scans.toFixed(1), peer.toFixed(1), formatNumber(extract / peer), formatNumber(scans / peer)]);
        result[`headers_${format}`] = {
          ...result[`headers_${format}`],
          [`ns_per_header_${n}`]: extract,
          [`scan_per_name_ns_per_header_${n}`]: scans,
          [`ratio_to_lowercase_pass_${n}`]: extract / peer,
        };
      }
    }
    printTable("extraction per header (median of runs): constant across sizes = linear", ["format", "extra headers", "headers", "extract ns/hdr", "scan per name ns/hdr", "lowercase pass ns/hdr", "extract / pass", "scans / pass"], rows);
    return result;
  },
};
