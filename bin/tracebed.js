#!/usr/bin/env node
// Launcher. In the installed package it runs the compiled CLI (dist/, built by `npm pack`);
// in a clone, where there is no dist/, it runs the TypeScript sources through tsx's loader,
// registered in this process.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/sim/cli.js", import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../sim/cli.ts", import.meta.url).href);
}
