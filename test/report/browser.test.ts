// report.html in a real headless Chromium (Debian's, installed by .ci/run; never downloaded):
// `tracebed run --out` writes it, it loads from a file:// URL with no console errors and no
// requests besides itself, every chart has drawn marks with real size, and a screenshot exists.
// Where no Chromium is found ($TRACEBED_CHROMIUM, or the usual system paths) the test is skipped
// with a notice, and fails instead under TRACEBED_REQUIRE_EXTERNAL=1.
import test from "ava";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { findChromium, skippedBecause } from "../helpers/external.ts";

const BIN = fileURLToPath(new URL("../../bin/tracebed.js", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/slow-validation.yaml", import.meta.url));

function tracebed(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stderr });
    });
  });
}

/** What the page's SVG shapes offer (the DOM lib is not in the project's tsconfig). */
interface Graphic {
  getBBox(): { readonly width: number; readonly height: number };
}

interface ChartMarks {
  readonly id: string;
  readonly kind: string;
  readonly marks: number;
  readonly drawn: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

const CHROMIUM = findChromium();
if (CHROMIUM === undefined) {
  skippedBecause(
    "the report's browser test (report.html in headless Chromium)",
    `no Chromium found (TRACEBED_CHROMIUM=${process.env["TRACEBED_CHROMIUM"] ?? "unset"}, nor /usr/bin/chromium and the like); install Debian's chromium package, as .ci/run does`,
    () => findChromium() === undefined,
  );
} else {
  browserTest(CHROMIUM);
}

function browserTest(executablePath: string): void {
  test("tracebed run writes report.html that renders in headless Chromium without errors", async (t) => {
    const out = mkdtempSync(join(tmpdir(), "tracebed-report-"));
    const r = await tracebed(["run", FIXTURE, "--out", out]);
    t.is(r.code, 0, r.stderr);
    const file = join(out, "report.html");
    t.true(existsSync(join(out, "summary.json")));
    t.true(readFileSync(file, "utf8").startsWith("<!DOCTYPE html>"));

    const browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("requestfailed", (q) => problems.push(`request failed: ${q.url()} ${q.failure()?.errorText ?? ""}`));
      page.on("request", (q) => requests.push(q.url()));
      const url = pathToFileURL(file).href;
      const response = await page.goto(url, { waitUntil: "load" });
      t.true(response?.ok() ?? false);
      t.deepEqual(problems, []);
      t.deepEqual(requests, [url]);
      t.is(await page.title(), "tracebed report: slow-validation");
      t.is(await page.locator("script").count(), 0);

      const charts: ChartMarks[] = await page.$$eval("svg.chart", (svgs) =>
        svgs.map((svg) => {
          const marks = [...svg.querySelectorAll("path, rect, circle")] as unknown as Graphic[];
          const drawn = marks.filter((m) => {
            const b = m.getBBox();
            return b.width > 0 || b.height > 0;
          }).length;
          const box = svg.getBoundingClientRect();
          return { id: svg.id, kind: svg.classList[1] ?? "", marks: marks.length, drawn, width: box.width, height: box.height, title: svg.querySelector("title")?.textContent ?? "" };
        }),
      );
      const kinds = charts.map((c) => c.kind);
      const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { requests: Record<string, unknown> };
      t.is(kinds.filter((k) => k === "latency").length, Object.keys(summary.requests).length);
      t.is(kinds.filter((k) => k === "timeline").length, 2);
      t.is(kinds.filter((k) => k === "dag").length, 1);
      for (const c of charts) {
        t.true(c.marks > 0 && c.drawn > 0, `${c.id} has no drawn marks`);
        t.true(c.width > 100 && c.height > 50, `${c.id} is ${c.width}×${c.height}`);
        t.not(c.title, "", `${c.id} has no title`);
      }
      // The lines and bars themselves, not only the frames: p50 lines, span bars, DAG events, critical path.
      for (const selector of ["svg.latency path.line.p50", "svg.timeline rect.bar", "svg.timeline rect.cp", "svg.dag g.event", "svg.dag path.edge.cp", "svg.latency rect.fault"]) {
        const sizes = await page.$$eval(selector, (els) => els.map((e) => (e as unknown as Graphic).getBBox()).map((b) => b.width + b.height));
        t.true(sizes.length > 0 && sizes.some((s) => s > 0), `${selector}: ${sizes.length} elements`);
      }

      const shot = join(mkdtempSync(join(tmpdir(), "tracebed-shot-")), "report.png");
      await page.screenshot({ path: shot, fullPage: true });
      const png = readFileSync(shot);
      t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      t.true(statSync(shot).size > 50_000, `screenshot is only ${statSync(shot).size} bytes`);
      // Full page: as tall as the content, not just the viewport.
      t.true(png.readUInt32BE(20) > 2000);
      t.log(`screenshot: ${shot}`);
    } finally {
      await browser.close();
    }
  });
}
