// `tracebed validate <scenario>`: checks a scenario file without running it.
import { z } from "zod";
import { loadScenario } from "../scenario/load.ts";
import { formatNs } from "../scenario/duration.ts";
import { defaultCatalog } from "../run/catalog.ts";
import { expectPositionals, parseArgv, validateFlags } from "./args.ts";
import type { Command } from "./command.ts";

const flags = [{ name: "json", boolean: true, description: "print the resolved scenario as JSON" }] as const;
const options = z.strictObject({ json: z.literal(true).optional() });

export const validateCommand: Command = {
  usage: "tracebed validate <scenario> [--json]",
  description: "Problems are listed as file:line:column: path: message; the exit code is 2 when there are any.",
  flags,
  run(argv, io) {
    const parsed = parseArgv("validate", argv, flags);
    expectPositionals("validate", parsed.positionals, ["scenario"], this.usage);
    const opts = validateFlags("validate", options, parsed.flags);
    const scenario = loadScenario(parsed.positionals[0]!, defaultCatalog());
    if (opts.json) {
      io.stdout(JSON.stringify(scenario, null, 2) + "\n");
    } else {
      const requests = scenario.workload.map((g) => g.name).join(", ");
      io.stdout(
        `${scenario.file}: ok — "${scenario.name}", ${formatNs(scenario.duration)} (warm-up ${formatNs(scenario.warmup)}), ` +
          `seed ${scenario.seed}, workload ${requests}, ${scenario.faults.length} fault(s), tracer ${scenario.tracer.preset}\n`,
      );
    }
    return 0;
  },
};
