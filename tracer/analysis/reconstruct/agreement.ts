// Both reconstructions over a set of traces, for tests and run summaries: do explicit parent
// ids and ITC stamps tell the same story for every trace?
import type { Trace } from "../../model/types.ts";
import { compareDags } from "./compare.ts";
import { dagFromParents } from "./explicit.ts";
import { dagFromItc } from "./from-itc.ts";

export interface AgreementReport {
  readonly traces: number;
  /** Traces whose events carry ITC stamps (the others cannot be compared). */
  readonly compared: number;
  readonly agree: number;
  /** Partial traces (lost events), by either reconstruction. */
  readonly partial: number;
  /** The first few disagreements, with the differing edges. */
  readonly disagreements: readonly { readonly traceId: string; readonly onlyExplicit: readonly string[]; readonly onlyItc: readonly string[] }[];
}

export function reconstructionAgreement(traces: readonly Trace[], maxListed = 5): AgreementReport {
  let compared = 0;
  let agree = 0;
  let partial = 0;
  const disagreements: AgreementReport["disagreements"][number][] = [];
  for (const t of traces) {
    if (t.events.length === 0 || t.events.some((e) => e.itc === undefined)) continue;
    compared++;
    const explicit = dagFromParents(t);
    const itc = dagFromItc(t);
    if (explicit.partial || itc.partial) partial++;
    const cmp = compareDags(explicit, itc);
    if (cmp.agree) agree++;
    else if (disagreements.length < maxListed) disagreements.push({ traceId: t.traceId, onlyExplicit: cmp.onlyInFirst, onlyItc: cmp.onlyInSecond });
  }
  return { traces: traces.length, compared, agree, partial, disagreements };
}
