// Compiles sim/ and tracer/ to dist/ (JavaScript plus .d.ts) for the published package, with
// TypeScript's own compiler, and copies the files the compiled code reads beside itself.
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });
// The experiments' own scenario files, read next to their module.
const scenarios = join(root, "sim/experiments/scenarios");
for (const f of readdirSync(scenarios)) cpSync(join(scenarios, f), join(root, "dist/sim/experiments/scenarios", f));
