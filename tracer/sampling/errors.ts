// A typed configuration error for samplers: which option, and what was expected.
export class SamplingConfigError extends Error {
  readonly path: string;
  constructor(path: string, expected: string, got?: unknown) {
    super(`sampling: option "${path}" must be ${expected}${got === undefined ? "" : `, got ${describe(got)}`}`);
    this.name = "SamplingConfigError";
    this.path = path;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return Array.isArray(value) ? "an array" : typeof value;
}
