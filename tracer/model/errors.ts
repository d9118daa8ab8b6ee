/** A tracer was configured wrongly (bad option value); names the option and what was expected. */
export class TracerConfigError extends Error {
  override readonly name = "TracerConfigError";
  constructor(
    readonly option: string,
    readonly expected: string,
  ) {
    super(`createTracer: option "${option}" must be ${expected}`);
  }
}

/** A span or context was used against the rules (e.g. a span from another trace). */
export class TracerUsageError extends Error {
  override readonly name = "TracerUsageError";
}
