// `npm run bench -- import`: big trace files. Writes a Jaeger UI file of about 400 MB (100 MB with
// --quick) and one of about a million spans into a temporary folder, then runs `critical-path`
// and `diagnose` on them, each in its own process, and reports peak resident memory and time.
// The peer, in the same run: JSON.parse of the whole 400 MB file, the least memory a reader that
// materialises the document needs (the importer before streaming took 4.2 GB on such a file).
// With --json: {"import": {...}}. The files are removed at the end.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatEpoch } from "../../tracer/export/epoch.ts";
import { exportJaeger } from "../../tracer/export/jaeger.ts";
import { cloudTraces } from "../tracer/analysis/cloud-traces.ts";
import { formatNumber, printTable } from "./harness.ts";
import type { Suite } from "./harness.ts";

const CHILD = fileURLToPath(new URL("./child/peak-rss.ts", import.meta.url));
const MIB = 2 ** 20;
/** Where the second window's traces start (µs in the file, ns for --split-at). */
const AFTER_START_NS = 1e12;

interface Written {
  readonly traces: number;
  readonly spans: number;
  readonly bytes: number;
}

/**
 * A Jaeger file of at least `targetBytes`: a pool of synthetic cloud traces (half of them with
 * Keystone's token validation slowed, starting at AFTER_START_NS), repeated under fresh trace ids.
 */
function writeJaeger(file: string, targetBytes: number, pretty: boolean): Written {
  const pool = exportJaeger([
    ...cloudTraces({ seed: "import-before", count: 300, itc: false }),
    ...cloudTraces({ seed: "import-after", count: 300, itc: false, validateSlowdownNs: 25e6, startNs: AFTER_START_NS }),
  ]).data;
  const texts = pool.map((t) => (pretty ? JSON.stringify(t, null, 2) : JSON.stringify(t)));
  const fd = openSync(file, "w");
  let bytes = 0;
  let traces = 0;
  let spans = 0;
  const write = (s: string) => {
    writeSync(fd, s);
    bytes += Buffer.byteLength(s);
  };
  write('{"data": [\n');
  while (bytes < targetBytes) {
    const i = traces % pool.length;
    write((traces === 0 ? "" : ",\n") + texts[i]!.replaceAll(pool[i]!.traceID, (traces + 1).toString(16).padStart(32, "0")));
    spans += pool[i]!.spans.length;
    traces++;
  }
  write('\n], "total": 0, "limit": 0, "offset": 0, "errors": null}\n');
  closeSync(fd);
  return { traces, spans, bytes };
}

interface Measured {
  readonly seconds: number;
  readonly maxRssMiB: number;
}

function measure(args: readonly string[]): Measured {
  const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, ...args], { encoding: "utf8", maxBuffer: 64 * MIB });
  const last = r.stderr.trim().split("\n").at(-1) ?? "";
  const parsed = JSON.parse(last) as { code: number; seconds: number; maxRssMiB: number };
  if (parsed.code !== 0) throw new Error(`bench import: ${args.join(" ")} exited ${parsed.code}: ${r.stderr}`);
  return parsed;
}

export const suite: Suite = {
  name: "import",
  run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), "tracebed-import-bench-"));
    try {
      const big = join(dir, "big.jaeger.json");
      const wide = join(dir, "million-spans.jaeger.json");
      const bigFile = writeJaeger(big, (quick ? 100 : 400) * MIB, true);
      // Compact, so a million spans stay under the 512 MiB input limit.
      const wideFile = writeJaeger(wide, (quick ? 110 : 440) * MIB, false);
      // A UTC time: --split-at takes a time or a duration from the run's epoch, never a bare number.
      const split = formatEpoch(BigInt(AFTER_START_NS / 2));
      const cp = measure(["critical-path", big, "--json"]);
      const dg = measure(["diagnose", big, "--split-at", split]);
      const parse = measure(["--parse-only", big]);
      const million = measure(["diagnose", wide, "--split-at", split]);
      const figures = {
        file_mib: bigFile.bytes / MIB,
        file_spans: bigFile.spans,
        critical_path_peak_rss_mib: cp.maxRssMiB,
        critical_path_s: cp.seconds,
        diagnose_peak_rss_mib: dg.maxRssMiB,
        diagnose_s: dg.seconds,
        json_parse_peak_rss_mib: parse.maxRssMiB,
        critical_path_rss_over_json_parse: cp.maxRssMiB / parse.maxRssMiB,
        diagnose_rss_over_json_parse: dg.maxRssMiB / parse.maxRssMiB,
        wide_file_mib: wideFile.bytes / MIB,
        wide_file_spans: wideFile.spans,
        wide_diagnose_s: million.seconds,
        wide_diagnose_peak_rss_mib: million.maxRssMiB,
      };
      printTable(
        `import (Jaeger file ${formatNumber(figures.file_mib)} MiB, ${formatNumber(bigFile.spans)} spans in ${formatNumber(bigFile.traces)} traces; peer: JSON.parse of the whole file)`,
        ["command", "peak RSS MiB", "seconds", "RSS / JSON.parse"],
        [
          ["critical-path --json", formatNumber(cp.maxRssMiB), cp.seconds.toFixed(1), figures.critical_path_rss_over_json_parse.toFixed(2)],
          ["diagnose --split-at", formatNumber(dg.maxRssMiB), dg.seconds.toFixed(1), figures.diagnose_rss_over_json_parse.toFixed(2)],
          ["JSON.parse (peer)", formatNumber(parse.maxRssMiB), parse.seconds.toFixed(1), "1.00"],
          [`diagnose, ${formatNumber(wideFile.spans)} spans (${formatNumber(figures.wide_file_mib)} MiB)`, formatNumber(million.maxRssMiB), million.seconds.toFixed(1), ""],
        ],
      );
      return { import: figures };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
