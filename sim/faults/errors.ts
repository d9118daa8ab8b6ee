// The one error a fault spec can cause: it names the spec's path (`faults[2].target.service`),
// what is wrong, what was expected and, for an unknown name, the closest valid one.
import { closestName } from "../openstack/index.ts";

export class FaultSpecError extends Error {
  /** Path inside the fault list, e.g. `faults[2].target.service`. */
  readonly path: string;
  readonly expected: string;
  readonly suggestion: string | undefined;
  constructor(path: string, problem: string, expected: string, suggestion?: string) {
    super(`${path}: ${problem}; expected ${expected}${suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`}`);
    this.name = "FaultSpecError";
    this.path = path;
    this.expected = expected;
    this.suggestion = suggestion;
  }
}

export function unknownName(path: string, what: string, name: unknown, valid: readonly string[]): FaultSpecError {
  const text = typeof name === "string" ? name : String(name);
  const shown = valid.length > 12 ? `${valid.slice(0, 12).join(", ")}, …` : valid.join(", ");
  return new FaultSpecError(path, `unknown ${what} ${JSON.stringify(text)}`, `one of ${shown}`, typeof name === "string" ? closestName(name, valid) : undefined);
}
