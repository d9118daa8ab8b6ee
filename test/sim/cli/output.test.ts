// Output folders: checked before any work, written all or nothing (sim/cli/output.ts).
import test from "ava";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkOutputDir, OutputError, writeOutputFiles } from "../../../sim/cli/output.ts";

const fresh = (): string => mkdtempSync(join(tmpdir(), "tracebed-out-"));

test("a folder that exists, or can be created under one, passes the check and creates nothing", (t) => {
  const dir = fresh();
  t.notThrows(() => checkOutputDir("run: --out x", dir, ["summary.json"]));
  t.notThrows(() => checkOutputDir("run: --out x", join(dir, "a", "b", "c")));
  t.deepEqual(readdirSync(dir), []);
});

test("a path through a file, a file itself, a pseudo file system and a folder where a file goes are refused, naming the level", (t) => {
  const dir = fresh();
  const file = join(dir, "afile");
  writeFileSync(file, "x");
  const message = (out: string, names: string[] = []) => t.throws(() => checkOutputDir("run: --out X", out, names), { instanceOf: OutputError })?.message;
  t.is(message(file), `run: --out X: ${file} is not a folder`);
  t.is(message(join(file, "sub", "deeper")), `run: --out X: ${file} is not a folder, so it cannot hold ${join(file, "sub", "deeper")}`);
  // Node's recursive mkdir spins forever here (ENOENT under an existing parent).
  t.is(message("/proc/tracebed-out"), "run: --out X: cannot create files in /proc (the file system does not allow it)");
  mkdirSync(join(dir, "summary.json"));
  t.is(message(dir, ["summary.json"]), `run: --out X: ${join(dir, "summary.json")} is a folder; it cannot be replaced by an output file`);
  t.is(message("a\0b"), "run: --out X: the path contains a NUL character");
});

test("a folder that cannot be written is refused before any work", (t) => {
  // Permissions do not bind root; /sys refuses new files to everyone.
  let out: string;
  if (process.getuid?.() === 0) out = "/sys/tracebed-out";
  else {
    const dir = fresh();
    chmodSync(dir, 0o555);
    out = join(dir, "out");
  }
  const e = t.throws(() => checkOutputDir("run: --out X", out), { instanceOf: OutputError });
  t.regex(e!.message, /^run: --out X: cannot create files in \S+ \(permission denied\)$/);
});

test("files are written in place of what was there, with no temporary files left", (t) => {
  const dir = fresh();
  writeFileSync(join(dir, "summary.json"), "old");
  writeOutputFiles("run: --out x", join(dir), [["summary.json", "new"], ["report.html", "<html>"]]);
  t.deepEqual(readdirSync(dir).sort(), ["report.html", "summary.json"]);
  t.is(readFileSync(join(dir, "summary.json"), "utf8"), "new");
});

test("a failure while writing leaves nothing: no file, no temporary file, no folder it created", (t) => {
  const dir = fresh();
  writeFileSync(join(dir, "summary.json"), "old");
  function* failing(): Generator<[string, string]> {
    yield ["summary.json", "new"];
    throw new OutputError("run: --out x: the exporter failed");
  }
  t.throws(() => writeOutputFiles("run: --out x", dir, failing()), { message: "run: --out x: the exporter failed" });
  t.deepEqual(readdirSync(dir), ["summary.json"]);
  t.is(readFileSync(join(dir, "summary.json"), "utf8"), "old");

  const nested = join(dir, "a", "b");
  t.throws(() => writeOutputFiles("run: --out x", nested, failing()), { instanceOf: OutputError });
  t.false(existsSync(join(dir, "a")));

  // A folder appearing where a file goes (after the check) fails before any rename.
  mkdirSync(join(dir, "report.html"));
  const e = t.throws(() => writeOutputFiles("run: --out x", dir, [["summary.json", "new"], ["report.html", "x"]]), { instanceOf: OutputError });
  t.is(e!.message, `run: --out x: ${join(dir, "report.html")} is a folder; it cannot be replaced by an output file`);
  t.deepEqual(readdirSync(dir).sort(), ["report.html", "summary.json"]);
  t.is(readFileSync(join(dir, "summary.json"), "utf8"), "old");
});
