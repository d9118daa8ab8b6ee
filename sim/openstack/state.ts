// The cloud's shared state that outlives requests: servers (instances in Nova's sense),
// Placement's inventory, Keystone's revocation events and each compute host's image cache.
// All of it is bounded by the cloud's size, never by the number of requests.
import type { SimEvent, Stream } from "../kernel/index.ts";
import { S } from "../kernel/index.ts";
import type { SpanContext } from "../../tracer/index.ts";

export type ServerState = "BUILD" | "ACTIVE" | "ERROR" | "DELETING";

/** What the network-vif-plugged wait resolves with: the event's context, "failed" (the port went to ERROR), or "timeout". */
export type VifOutcome = SpanContext | "failed" | "timeout";

export interface ServerRecord {
  readonly id: string;
  readonly image: number;
  host: string | null;
  state: ServerState;
  vif: SimEvent<VifOutcome> | null;
  /** terminate_instance was cast to its compute (task_state deleting). */
  terminating: boolean;
}

export class ServerTable {
  private readonly byId = new Map<string, ServerRecord>();
  private readonly active: ServerRecord[] = [];
  private readonly activeAt = new Map<string, number>();
  private next = 1;

  get size(): number {
    return this.byId.size;
  }

  get activeCount(): number {
    return this.active.length;
  }

  create(image: number): ServerRecord {
    const id = `srv-${(this.next++).toString(16).padStart(8, "0")}`;
    const rec: ServerRecord = { id, image, host: null, state: "BUILD", vif: null, terminating: false };
    this.byId.set(id, rec);
    return rec;
  }

  get(id: string): ServerRecord | undefined {
    return this.byId.get(id);
  }

  activate(rec: ServerRecord): void {
    rec.state = "ACTIVE";
    if (this.activeAt.has(rec.id)) return;
    this.activeAt.set(rec.id, this.active.length);
    this.active.push(rec);
  }

  /** The servers placed on `host`, in creation order (a compute's init_host; rare, so a scan). */
  onHost(host: string): ServerRecord[] {
    const out: ServerRecord[] = [];
    for (const rec of this.byId.values()) if (rec.host === host) out.push(rec);
    return out;
  }

  /** A random ACTIVE server, left in place (server show). */
  pickActive(stream: Stream): ServerRecord | null {
    return this.active.length === 0 ? null : this.active[stream.int(this.active.length)]!;
  }

  /** A random ACTIVE server, taken out of the ACTIVE set so no two deletes race for it. */
  takeActive(stream: Stream): ServerRecord | null {
    if (this.active.length === 0) return null;
    const rec = this.active[stream.int(this.active.length)]!;
    this.deactivate(rec);
    rec.state = "DELETING";
    return rec;
  }

  remove(id: string): void {
    const rec = this.byId.get(id);
    if (rec === undefined) return;
    this.deactivate(rec);
    this.byId.delete(id);
  }

  private deactivate(rec: ServerRecord): void {
    const i = this.activeAt.get(rec.id);
    if (i === undefined) return;
    const last = this.active.pop()!;
    if (last !== rec) {
      this.active[i] = last;
      this.activeAt.set(last.id, i);
    }
    this.activeAt.delete(rec.id);
  }
}

/** Placement's view: free instance slots per compute host, and who holds an allocation. */
export class PlacementState {
  private readonly free = new Map<string, number>();
  private readonly allocations = new Map<string, string>();
  readonly hosts: readonly string[];

  constructor(hosts: readonly string[], capacity: number) {
    this.hosts = hosts;
    for (const h of hosts) this.free.set(h, capacity);
  }

  freeOn(host: string): number {
    return this.free.get(host) ?? 0;
  }

  /** Hosts with room, most free first (the RAM weigher's spread), ties by name. */
  candidates(): string[] {
    return this.hosts.filter((h) => this.freeOn(h) > 0).sort((a, b) => this.freeOn(b) - this.freeOn(a) || (a < b ? -1 : a > b ? 1 : 0));
  }

  claim(server: string, host: string): boolean {
    if (this.allocations.has(server)) return true;
    const f = this.freeOn(host);
    if (f <= 0) return false;
    this.free.set(host, f - 1);
    this.allocations.set(server, host);
    return true;
  }

  release(server: string): void {
    const host = this.allocations.get(server);
    if (host === undefined) return;
    this.allocations.delete(server);
    this.free.set(host, this.freeOn(host) + 1);
  }

  get allocationCount(): number {
    return this.allocations.size;
  }
}

interface Growth {
  readonly start: number;
  readonly perSecond: number;
}

/** Keystone's stored revocation events: a steady baseline plus whatever active faults grow. */
export class KeystoneState {
  readonly baseline: number;
  private growths: Growth[] = [];

  constructor(baseline: number) {
    this.baseline = baseline;
  }

  events(now: number): number {
    let n = this.baseline;
    for (const g of this.growths) n += Math.floor((g.perSecond * (now - g.start)) / S);
    return n;
  }

  /** Revocation events start accumulating (e.g. expired events never pruned). Returns an undo. */
  grow(start: number, perSecond: number): () => void {
    const g: Growth = { start, perSecond };
    this.growths = [...this.growths, g];
    return () => {
      this.growths = this.growths.filter((x) => x !== g);
    };
  }
}
