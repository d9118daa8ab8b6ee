// Output folders (`--out DIR`): checked before a command does its work, so a bad path fails in a
// second with one line instead of after an hour's run, and written so that a failure leaves no
// partial output: every file goes to a temporary name in the same folder and is renamed into
// place only once all of them are written; on any failure the temporary files (and folders this
// command created) are removed.
//
// Folders are created one level at a time, not with mkdirSync's `recursive`: Node's recursive
// mkdir loops forever when a level's mkdir fails with ENOENT under a parent that exists (as in
// /proc, where `tracebed run --out /proc/x` span with 100% CPU; nodejs/node#27198 is the
// Windows form of the same loop), and its errors do not say which level is wrong.
import { closeSync, mkdirSync, openSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** A problem with an output path: a user error (exit 2), one line. */
export class OutputError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "the disk quota is exhausted";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "ELOOP":
      return "too many symbolic links";
    case "ENOENT":
      return "the file system does not allow it";
    default:
      return err.code ?? String(e);
  }
}

interface Plan {
  /** The folder, resolved. */
  readonly dir: string;
  /** The deepest folder of the path that exists. */
  readonly existing: string;
  /** Folders to create below it, outermost first. */
  readonly missing: readonly string[];
}

function plan(label: string, dir: string): Plan {
  if (dir.includes("\0")) throw new OutputError(`${label}: the path contains a NUL character`);
  const full = resolve(dir);
  const missing: string[] = [];
  let p = full;
  for (;;) {
    let stats;
    try {
      stats = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: some level above is a file; keep walking up to name it.
      if ((code === "ENOENT" || code === "ENOTDIR") && dirname(p) !== p) {
        missing.unshift(p);
        p = dirname(p);
        continue;
      }
      throw new OutputError(`${label}: cannot use ${p} (${reason(e)})`);
    }
    if (!stats.isDirectory()) {
      throw new OutputError(p === full ? `${label}: ${p} is not a folder` : `${label}: ${p} is not a folder, so it cannot hold ${full}`);
    }
    return { dir: full, existing: p, missing };
  }
}

/** A name no other process uses, in `dir`. */
const tempName = (dir: string, name: string, n: number): string => join(dir, `.${name}.${process.pid}.${n}.tmp`);

/**
 * Checks, before any work, that `dir` can hold the files `names`: every level of the path that
 * exists is a folder, a file can be created in the deepest one (probed with a temporary file, so
 * read-only and pseudo file systems are caught as well as permissions), and no file to be written
 * is a folder. Creates nothing that stays.
 */
export function checkOutputDir(label: string, dir: string, names: readonly string[] = []): void {
  const p = plan(label, dir);
  const probe = tempName(p.existing, "tracebed-probe", 0);
  try {
    closeSync(openSync(probe, "wx"));
  } catch (e) {
    throw new OutputError(`${label}: cannot create files in ${p.existing} (${reason(e)})`);
  }
  unlinkSync(probe);
  if (p.missing.length > 0) return;
  for (const name of names) {
    let stats;
    try {
      stats = statSync(join(p.dir, name));
    } catch {
      continue;
    }
    if (stats.isDirectory()) throw new OutputError(`${label}: ${join(p.dir, name)} is a folder; it cannot be replaced by an output file`);
  }
}

/**
 * Writes `files` (name → content) into `dir`, all or nothing: temporary files first, then one
 * rename each. On failure everything this call created is removed and an OutputError says why.
 */
export function writeOutputFiles(label: string, dir: string, files: Iterable<readonly [string, string | Uint8Array]>): void {
  const p = plan(label, dir);
  const created: string[] = [];
  const temps: [string, string][] = [];
  const undo = (): void => {
    for (const [temp] of temps) {
      try {
        unlinkSync(temp);
      } catch {
        // already renamed or never written
      }
    }
    for (const d of [...created].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // not empty: something else wrote there meanwhile
      }
    }
  };
  try {
    for (const d of p.missing) {
      try {
        mkdirSync(d);
        created.push(d);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !statSync(d).isDirectory()) throw new OutputError(`${label}: cannot create the folder ${d} (${reason(e)})`);
      }
    }
    let n = 0;
    for (const [name, content] of files) {
      if (name !== basename(name)) throw new Error(`output file names are plain names, got ${JSON.stringify(name)}`);
      const temp = tempName(p.dir, name, n++);
      temps.push([temp, join(p.dir, name)]);
      try {
        writeFileSync(temp, content, { flag: "wx" });
      } catch (e) {
        throw new OutputError(`${label}: cannot write ${join(p.dir, name)} (${reason(e)})`);
      }
    }
    // A folder where a file goes would fail its rename after others succeeded: refuse it first.
    for (const [, final] of temps) {
      let folder = false;
      try {
        folder = statSync(final).isDirectory();
      } catch {
        // absent: the usual case
      }
      if (folder) throw new OutputError(`${label}: ${final} is a folder; it cannot be replaced by an output file`);
    }
    for (const [temp, final] of temps) {
      try {
        renameSync(temp, final);
      } catch (e) {
        throw new OutputError(`${label}: cannot write ${final} (${reason(e)})`);
      }
    }
  } catch (e) {
    undo();
    throw e;
  }
}
