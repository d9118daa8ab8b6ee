// The collector's pending traces: found by trace id, and kept in the order their deadlines
// come due. Waiting from a trace's latest record (a quiet window), a trace moves to the back
// each time a record of it arrives: as a Map that was a delete and a set per record, and a
// busy Map of thousands of traces rehashes often under that churn. Here the order is a list
// threaded through the traces themselves, so moving one to the back is a few pointer writes;
// the Map is only written when a trace arrives and when it leaves. The order is the one the
// Map kept (a delete and a set moved a trace to its end), so traces are decided in the same order.
import type { PendingTrace } from "./pending.ts";

export class PendingTraces {
  private readonly byId = new Map<string, PendingTrace>();
  private head: PendingTrace | undefined = undefined;
  private tail: PendingTrace | undefined = undefined;

  get size(): number {
    return this.byId.size;
  }

  get(traceId: string): PendingTrace | undefined {
    return this.byId.get(traceId);
  }

  /** The trace whose deadline comes first, if any. */
  get first(): PendingTrace | undefined {
    return this.head;
  }

  /** A new trace, at the back. */
  add(p: PendingTrace): void {
    this.byId.set(p.traceId, p);
    this.link(p);
  }

  /** Moves a pending trace to the back (its deadline is now the latest). */
  toBack(p: PendingTrace): void {
    if (this.tail === p) return;
    this.unlink(p);
    this.link(p);
  }

  remove(p: PendingTrace): void {
    if (!this.byId.delete(p.traceId)) return;
    this.unlink(p);
  }

  /** The pending traces, front to back, as an array (callers may remove them as they go). */
  toArray(): PendingTrace[] {
    const out: PendingTrace[] = [];
    for (let p = this.head; p !== undefined; p = p.nextPending) out.push(p);
    return out;
  }

  private link(p: PendingTrace): void {
    p.prevPending = this.tail;
    p.nextPending = undefined;
    if (this.tail === undefined) this.head = p;
    else this.tail.nextPending = p;
    this.tail = p;
  }

  private unlink(p: PendingTrace): void {
    const prev = p.prevPending;
    const next = p.nextPending;
    if (prev === undefined) this.head = next;
    else prev.nextPending = next;
    if (next === undefined) this.tail = prev;
    else next.prevPending = prev;
    p.prevPending = undefined;
    p.nextPending = undefined;
  }
}
