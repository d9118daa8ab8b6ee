// Errors a user can cause with a trace file. The message names the file, the place in it
// (line:column for syntax, a JSON path for structure) and what was expected; the CLI prints it
// as it is and exits 2.

export class TraceFileError extends Error {
  override readonly name = "TraceFileError";
  constructor(
    readonly file: string,
    /** `line 3, column 14` or a JSON path such as `$.data[0].spans[2].startTime`. */
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${file}: ${where}: ${problem}`);
  }
}

/** `$.data[0].spans[2].startTime` from a zod-style path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "$";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_$][\w$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

export class OtlpPushError extends Error {
  override readonly name = "OtlpPushError";
  constructor(
    readonly endpoint: string,
    readonly status: number | undefined,
    readonly problem: string,
  ) {
    super(`OTLP push to ${endpoint} failed: ${problem}`);
  }
}
