// Both reconstructions over a set of traces, for tests and run summaries: do explicit parent
// ids and ITC stamps tell the same story for every trace? Complete traces must give the same
// DAG; partial ones (lost events, a crashed host's unfinished spans) differ by the edges ITC
// sets aside as uncertain, but every edge ITC keeps must also be an explicit one.
import type { Trace } from "../../model/types.ts";
import { compareDags } from "./compare.ts";
import { dagFromParents } from "./explicit.ts";
import { dagFromItc } from "./from-itc.ts";

export interface AgreementReport {
  readonly traces: number;
  /** Traces whose events all carry ITC stamps (the others cannot be compared). */
  readonly compared: number;
  /** Compared traces that neither reconstruction finds partial, and how many of them agree. */
  readonly complete: number;
  readonly agree: number;
  /** Partial compared traces, and how many of them have no ITC edge the explicit DAG lacks. */
  readonly partial: number;
  readonly partialConsistent: number;
  /** The first few problems: complete traces that disagree, partial ones with an extra ITC edge. */
  readonly disagreements: readonly {
    readonly traceId: string;
    readonly partial: boolean;
    readonly onlyExplicit: readonly string[];
    readonly onlyItc: readonly string[];
  }[];
}

export function reconstructionAgreement(traces: readonly Trace[], maxListed = 5): AgreementReport {
  let compared = 0;
  let complete = 0;
  let agree = 0;
  let partial = 0;
  let partialConsistent = 0;
  const disagreements: AgreementReport["disagreements"][number][] = [];
  for (const t of traces) {
    if (t.events.length === 0 || t.events.some((e) => e.itc === undefined)) continue;
    compared++;
    const explicit = dagFromParents(t);
    const itc = dagFromItc(t);
    const cmp = compareDags(explicit, itc);
    const isPartial = explicit.partial || itc.partial;
    let ok: boolean;
    if (isPartial) {
      partial++;
      ok = cmp.onlyInSecond.length === 0;
      if (ok) partialConsistent++;
    } else {
      complete++;
      ok = cmp.agree;
      if (ok) agree++;
    }
    if (!ok && disagreements.length < maxListed) {
      disagreements.push({ traceId: t.traceId, partial: isPartial, onlyExplicit: cmp.onlyInFirst, onlyItc: cmp.onlyInSecond });
    }
  }
  return { traces: traces.length, compared, complete, agree, partial, partialConsistent, disagreements };
}
