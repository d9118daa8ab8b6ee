// What a workload generator needs from its host: start a request, get something to wait on.
import type { SimEvent } from "../kernel/index.ts";

/** Starts one request of `workflow` on behalf of `generator`; the event settles when it ends. */
export type Issue = (workflow: string, generator: string) => SimEvent<unknown>;

export interface WorkloadStats {
  /** Requests issued per generator. */
  readonly issued: Record<string, number>;
}
