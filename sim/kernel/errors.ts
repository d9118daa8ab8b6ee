// Typed errors of the kernel. Library code throws these; the CLI turns them into messages.

/** Base class of every error the kernel raises on misuse or runaway runs. */
export class KernelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A duration string (or number) that cannot be read as virtual nanoseconds. */
export class DurationError extends KernelError {
  readonly input: unknown;
  constructor(input: unknown, expected: string) {
    super(`invalid duration ${JSON.stringify(input)}: ${expected}`);
    this.input = input;
  }
}

/** A distribution spec with missing or out-of-range parameters. */
export class DistributionError extends KernelError {
  readonly spec: unknown;
  readonly path: string;
  constructor(spec: unknown, path: string, expected: string) {
    super(`invalid distribution at ${path}: ${expected} (got ${safeJson(spec)})`);
    this.spec = spec;
    this.path = path;
  }
}

/** A one-shot event was succeeded or failed a second time. */
export class EventStateError extends KernelError {}

/** A guard (maxEvents or maxTime) stopped a run that would not end on its own. */
export class RunawayError extends KernelError {
  readonly guard: "maxEvents" | "maxTime";
  readonly limit: number;
  readonly now: number;
  readonly events: number;
  readonly lastProcess: string | null;
  constructor(guard: "maxEvents" | "maxTime", limit: number, now: number, events: number, lastProcess: string | null, detail: string) {
    const last = lastProcess === null ? "no process has run" : `last process that ran: ${JSON.stringify(lastProcess)}`;
    super(`simulation runaway: ${detail} at virtual time ${formatNs(now)} (${now} ns) after ${events} events; ${last}`);
    this.guard = guard;
    this.limit = limit;
    this.now = now;
    this.events = events;
    this.lastProcess = lastProcess;
  }
}

/** A failed event (or a process that died of an error) that nobody waited on. */
export class UnhandledFailureError extends KernelError {
  readonly now: number;
  readonly process: string | null;
  constructor(now: number, what: string, process: string | null, cause: unknown) {
    const who = process === null ? "" : ` (raised by process ${JSON.stringify(process)})`;
    super(`unhandled failure of ${what} at virtual time ${formatNs(now)}${who}: ${describeError(cause)}`);
    this.now = now;
    this.process = process;
    this.cause = cause;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : safeJson(error);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// A tiny formatter local to this file so errors.ts depends on nothing (duration.ts imports errors.ts).
function formatNs(ns: number): string {
  if (ns >= 1e9) return `${ns / 1e9}s`;
  if (ns >= 1e6) return `${ns / 1e6}ms`;
  if (ns >= 1e3) return `${ns / 1e3}us`;
  return `${ns}ns`;
}
