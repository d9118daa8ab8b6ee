// `tracebed schema`: the JSON Schema of scenario files, for editors.
import { z } from "zod";
import { scenarioJsonSchema } from "../scenario/schema.ts";
import { expectPositionals, parseArgv, validateFlags } from "./args.ts";
import type { Command } from "./command.ts";

export const schemaCommand: Command = {
  usage: "tracebed schema",
  description: 'In a YAML file, point an editor at it with "# yaml-language-server: $schema=./scenario.schema.json".',
  flags: [],
  run(argv, io) {
    const parsed = parseArgv("schema", argv, []);
    expectPositionals("schema", parsed.positionals, [], this.usage);
    validateFlags("schema", z.strictObject({}), parsed.flags);
    io.stdout(JSON.stringify(scenarioJsonSchema(), null, 2) + "\n");
    return 0;
  },
};
