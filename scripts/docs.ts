// `npm run docs`: rewrites the generated parameter tables of scenarios/README.md from the schema.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scenarioDocs, spliceDocs } from "../sim/scenario/docs.ts";

const file = fileURLToPath(new URL("../scenarios/README.md", import.meta.url));
const before = readFileSync(file, "utf8");
const after = spliceDocs(before, scenarioDocs());
writeFileSync(file, after);
process.stderr.write(after === before ? "scenarios/README.md: up to date\n" : "scenarios/README.md: parameter tables rewritten\n");
