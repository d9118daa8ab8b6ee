// The floor of the DAG + ITC design: the least a tracer must do for the tracer bench's workload
// when every span records a start and an end event with explicit parents and the ITC stamp after
// each event, and a hop carries traceparent plus the stamp in tracestate. It reuses the real
// building blocks (ids, the memoised ITC operations, the traceparent codec) and leaves out
// everything else a tracer needs: option checks, samplers, counters, context values, formats
// other than W3C, baggage, links, status, error paths. Its cost per span, against jaeger-client's
// in the same rounds, is the lowest ratio this design can reach in this runtime.
import seedrandom from "seedrandom";
import { drawId64, flippedId64, newId128 } from "../../tracer/model/ids.ts";
import { formatTraceparent, parseTraceparent } from "../../tracer/context/traceparent.ts";
import { itcStampOps } from "../../tracer/tracer/itc-ops.ts";
import type { StampOps, StampRef } from "../../tracer/model/stamps.ts";
import type { AttributeValue, RandomSource, TraceEvent } from "../../tracer/model/types.ts";

const NO_PARENTS: readonly string[] = [];
const UNSET = { code: "unset" } as const;
const TB_ITC = "tb=itc:";

/** What the bare tracer shares across its spans. */
interface Bare {
  readonly ops: StampOps;
  readonly random: RandomSource;
  emit(event: TraceEvent): void;
}

class BareSpan {
  readonly spanId: string;
  private readonly idHi: number;
  private readonly idLo: number;
  private last: string;
  private frontier: readonly string[] | undefined = undefined;
  private late: Record<string, AttributeValue> | undefined = undefined;

  constructor(
    private readonly bare: Bare,
    readonly traceId: string,
    parentSpanId: string | undefined,
    private readonly name: string,
    kind: "server" | "client" | "internal",
    private stamp: StampRef,
    parents: readonly string[],
  ) {
    const id = drawId64(bare.random);
    this.spanId = id.text;
    this.idHi = id.hi;
    this.idLo = id.lo;
    this.stamp = bare.ops.event(stamp);
    const spanId = this.spanId;
    const event: TraceEvent =
      parentSpanId === undefined
        ? { traceId, eventId: spanId, kind: "start", name, service: "bench", host: "h1", timestamp: Date.now() * 1e6, spanId, parents, itc: this.stamp.text, spanKind: kind }
        : { traceId, eventId: spanId, kind: "start", name, service: "bench", host: "h1", timestamp: Date.now() * 1e6, spanId, parents, itc: this.stamp.text, spanKind: kind, parentSpanId };
    bare.emit(event);
    this.last = spanId;
  }

  child(name: string, kind: "client" | "internal" = "internal"): BareSpan {
    return new BareSpan(this.bare, this.traceId, this.spanId, name, kind, this.share(), this.parents());
  }

  setAttribute(key: string, value: AttributeValue): this {
    (this.late ??= {})[key] = value;
    return this;
  }

  /** Forks the stamp: this span keeps one share, the child or message gets the other. */
  share(): StampRef {
    const [mine, theirs] = this.bare.ops.fork(this.stamp);
    this.stamp = mine;
    return theirs;
  }

  inject(headers: Record<string, string>): void {
    const s = this.share();
    headers["traceparent"] = formatTraceparent(this.traceId, this.spanId, 1);
    headers["tracestate"] = s.tracestate ??= TB_ITC + s.text;
  }

  join(other: BareSpan): this {
    this.frontier = [this.parents()[0]!, other.last];
    this.last = other.last;
    this.stamp = this.bare.ops.join(this.stamp, other.stamp);
    return this;
  }

  end(): void {
    const id = flippedId64(this.idHi, this.idLo);
    this.stamp = this.bare.ops.event(this.stamp);
    const { traceId, spanId, name } = this;
    this.bare.emit({ traceId, eventId: id, kind: "end", name, service: "bench", host: "h1", timestamp: Date.now() * 1e6, spanId, parents: this.parents(), itc: this.stamp.text, status: UNSET, attributes: this.late });
    this.last = id;
    this.frontier = undefined;
  }

  private parents(): readonly string[] {
    return (this.frontier ??= [this.last]);
  }
}

/** The extract side of a hop: the traceparent fields and the stamp, or undefined. */
function extract(bare: Bare, headers: Readonly<Record<string, string>>): { traceId: string; parentId: string; stamp: StampRef } | undefined {
  const tp = parseTraceparent(headers["traceparent"] ?? "");
  const state = headers["tracestate"];
  if ("error" in tp || state === undefined || !state.startsWith(TB_ITC)) return undefined;
  return { traceId: tp.traceId, parentId: tp.parentId, stamp: bare.ops.decode(state.slice(TB_ITC.length)) };
}

/**
 * The bench workload on the bare tracer (same shape as traceOnce), counting emitted events;
 * `onEvent` sees them too (tests compare them with the real tracer's).
 */
export function bareTracer(onEvent?: (event: TraceEvent) => void): { readonly name: string; trace(): Record<string, string>; recorded(): number } {
  let count = 0;
  const rng = seedrandom.alea("bench/tracer");
  const emit = onEvent === undefined ? () => void count++ : (event: TraceEvent) => {
    count++;
    onEvent(event);
  };
  const bare: Bare = { ops: itcStampOps(), random: { next: () => rng() }, emit };
  return {
    name: "bare DAG+ITC (floor)",
    recorded: () => count,
    trace() {
      const root = new BareSpan(bare, newId128(bare.random), undefined, "root", "server", bare.ops.seed(), NO_PARENTS);
      root.setAttribute("http.method", "GET").setAttribute("http.status_code", 200).setAttribute("sampled", true);
      const c1 = root.child("c1");
      c1.setAttribute("a", "x").setAttribute("b", 1).setAttribute("c", false);
      const c2 = c1.child("c2");
      c2.setAttribute("a", "x").setAttribute("b", 2).setAttribute("c", false);
      const c3 = c2.child("c3", "client");
      c3.setAttribute("a", "x").setAttribute("b", 3).setAttribute("c", false);
      const headers: Record<string, string> = {};
      c3.inject(headers);
      if (extract(bare, headers) === undefined) throw new Error("bare tracer: the hop's context did not extract");
      c3.end();
      c2.join(c3).end();
      c1.join(c2).end();
      root.join(c1).end();
      return headers;
    },
  };
}
