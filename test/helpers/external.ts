// Tests that need something outside the repository: the conformance data in ../shared/testdata
// (beside the clone in CI) and a Chromium for the report's browser test. Where one is missing,
// its tests are not registered; one test stands in their place whose title and log say what was
// skipped and why, so the gap shows in ava's output. With TRACEBED_REQUIRE_EXTERNAL=1 (.ci/run
// sets it) that test fails instead: CI must never pass by skipping.
import test from "ava";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Whether missing external data fails the run (CI) rather than skipping. */
export const REQUIRE_EXTERNAL = process.env["TRACEBED_REQUIRE_EXTERNAL"] === "1";

/**
 * The folder of shared test data: $TRACEBED_TESTDATA, else ../shared/testdata beside the clone.
 * Undefined when `sub` is not there.
 */
export function testdata(sub: string): string | undefined {
  const root = process.env["TRACEBED_TESTDATA"] ?? resolve(REPO, "../shared/testdata");
  const dir = resolve(root, sub);
  return existsSync(dir) ? dir : undefined;
}

/** Where testdata() looks, for messages. */
export function testdataRoot(): string {
  return process.env["TRACEBED_TESTDATA"] ?? resolve(REPO, "../shared/testdata");
}

/**
 * Stands in for tests that cannot run here: a test titled "SKIPPED: <what> — <why>" that logs
 * the notice and checks that the reason holds (`stillMissing`), or, when external data is
 * required, fails with the notice.
 */
export function skippedBecause(what: string, why: string, stillMissing: () => boolean): void {
  const notice = `SKIPPED: ${what} — ${why}`;
  process.stderr.write(`\n*** tracebed tests: ${notice} ***\n`);
  test(notice, (t) => {
    if (REQUIRE_EXTERNAL) {
      t.fail(`${notice} (TRACEBED_REQUIRE_EXTERNAL=1: this run must have it)`);
      return;
    }
    t.log(notice);
    t.true(stillMissing(), "the reason for skipping holds");
  });
}

const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"];

/**
 * A Chromium to drive: $TRACEBED_CHROMIUM (a path, or "none" to act as if there were none),
 * else the usual system paths. Never a downloaded browser.
 */
export function findChromium(): string | undefined {
  const chosen = process.env["TRACEBED_CHROMIUM"];
  if (chosen !== undefined && chosen !== "") return chosen === "none" || !existsSync(chosen) ? undefined : chosen;
  return CHROMIUM_PATHS.find((p) => existsSync(p));
}
