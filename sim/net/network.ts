// The network between hosts: a link per ordered pair (created on first use from the default
// spec, a loopback spec for a host talking to itself, or a per-pair override), partitions in the
// style of turmoil (`partition`, `partitionOneway`, `repair`), and two delivery services:
// datagrams with callbacks (`send`, what a tracing agent's transport uses) and stream delays
// for request/response traffic (`streamDelay`, where loss costs TCP retransmissions).
import type { Simulation, Undo } from "../kernel/index.ts";
import { MS, StreamStates, undoAll } from "../kernel/index.ts";
import type { Host } from "./host.ts";
import { Link } from "./link.ts";
import type { LinkSpec } from "./link.ts";

export interface NetworkSpec {
  /** Between two different hosts, unless overridden. */
  readonly defaultLink: LinkSpec;
  /** A host talking to itself. */
  readonly loopback: LinkSpec;
  /** Per-pair overrides keyed "a->b" (one direction) or "a<->b" (both). */
  readonly links?: Readonly<Record<string, LinkSpec>>;
}

/** TCP's first retransmission timeout (Linux's floor), doubled per retry. */
const RTO_NS = 200 * MS;
const MAX_RETRANSMITS = 6;

export class UnknownHostError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`unknown host ${JSON.stringify(name)}; hosts are ${known.join(", ")}`);
    this.name = "UnknownHostError";
  }
}

export class Network {
  readonly sim: Simulation;
  private readonly spec: NetworkSpec;
  private readonly hostList: Host[] = [];
  private readonly byName = new Map<string, Host>();
  private table: (Link | undefined)[][] = [];
  /** The links' stream states, side by side (see StreamStates). */
  private readonly streamStates = new StreamStates();
  private readonly healListeners: (() => void)[] = [];
  /** What every link runs when a partition of it is undone (one closure for all of them). */
  private readonly onRepair = (): void => this.healed();
  /** Datagrams delivered / lost through send(). */
  delivered = 0;
  dropped = 0;

  constructor(sim: Simulation, spec: NetworkSpec) {
    this.sim = sim;
    this.spec = spec;
  }

  addHost(host: Host): void {
    if (this.byName.has(host.name)) throw new Error(`host ${JSON.stringify(host.name)} added twice`);
    host.index = this.hostList.length;
    this.hostList.push(host);
    this.byName.set(host.name, host);
    this.table.push([]);
    host.onChange((e) => {
      if (e === "restart") this.healed();
    });
  }

  get hosts(): readonly Host[] {
    return this.hostList;
  }

  host(name: string): Host {
    const h = this.byName.get(name);
    if (h === undefined) throw new UnknownHostError(name, [...this.byName.keys()]);
    return h;
  }

  hasHost(name: string): boolean {
    return this.byName.has(name);
  }

  link(from: Host, to: Host): Link {
    const row = this.table[from.index]!;
    let l = row[to.index];
    if (l === undefined) {
      const o = this.spec.links;
      const spec =
        o?.[`${from.name}->${to.name}`] ??
        o?.[`${from.name}<->${to.name}`] ??
        o?.[`${to.name}<->${from.name}`] ??
        (from === to ? this.spec.loopback : this.spec.defaultLink);
      l = new Link(from, to, spec, this.sim.rng.seedState(`net/${from.name}->${to.name}`), this.onRepair, this.streamStates);
      row[to.index] = l;
    }
    return l;
  }

  /** Both ends up and the direction not cut. */
  reachable(from: Host, to: Host): boolean {
    return !from.down && !to.down && (from === to || !this.link(from, to).cut);
  }

  /**
   * A datagram: `onDelivered` runs at arrival, or `onLost` when the message cannot arrive (cut
   * link, loss, a host down at either end). Duplication faults deliver it twice.
   */
  send(from: Host, to: Host, bytes: number, onDelivered: () => void, onLost?: () => void): void {
    const link = this.link(from, to);
    link.sent++;
    link.bytes += bytes;
    if (from.down || to.down || link.cut || link.drops()) {
      link.lost++;
      this.dropped++;
      if (onLost !== undefined) this.sim.schedule(0, onLost);
      return;
    }
    const arrive = (): void => {
      if (to.down) {
        link.lost++;
        this.dropped++;
        if (onLost !== undefined) onLost();
        return;
      }
      this.delivered++;
      onDelivered();
    };
    this.sim.schedule(link.delay(bytes), arrive);
    if (link.duplicates()) this.sim.schedule(link.delay(bytes), arrive);
  }

  /**
   * One-way delay of a message on an established TCP connection, or -1 when it cannot arrive
   * (a cut link or a down host: the sender sees only silence). Losses cost retransmissions.
   */
  streamDelay(from: Host, to: Host, bytes: number): number {
    if (from.down || to.down) return -1;
    const link = this.link(from, to);
    link.sent++;
    link.bytes += bytes;
    if (link.cut) {
      link.lost++;
      return -1;
    }
    let d = link.delay(bytes);
    let rto = RTO_NS;
    for (let i = 0; link.drops(); i++) {
      if (i === MAX_RETRANSMITS) {
        link.lost++;
        return -1;
      }
      d += rto;
      rto *= 2;
    }
    return d;
  }

  /**
   * Cuts a -> b and, unless oneWay, b -> a, until the returned undo (or a matching repair)
   * runs. Partitions nest: each needs its own undo.
   */
  partition(a: Host, b: Host, oneWay = false): Undo {
    const undo = this.track(a, b, this.link(a, b).partition());
    return oneWay ? undo : undoAll([undo, this.track(b, a, this.link(b, a).partition())]);
  }

  partitionOneway(from: Host, to: Host): Undo {
    return this.partition(from, to, true);
  }

  /** Undoes the oldest partition of a -> b (and b -> a unless oneWay) made with `partition`. */
  repair(a: Host, b: Host, oneWay = false): void {
    this.undoOldest(a, b);
    if (!oneWay) this.undoOldest(b, a);
  }

  /**
   * Cuts a host off from every other host until the undo runs; direction "out" cuts only
   * what it sends, "in" what it receives. Hosts added later are not cut.
   */
  isolate(host: Host, direction: "both" | "out" | "in" = "both"): Undo {
    const undos: Undo[] = [];
    for (const other of this.hostList) {
      if (other === host) continue;
      if (direction !== "in") undos.push(this.track(host, other, this.link(host, other).partition()));
      if (direction !== "out") undos.push(this.track(other, host, this.link(other, host).partition()));
    }
    return undoAll(undos);
  }

  /** Undoes the oldest isolation-or-partition cut on each of the host's links in `direction`. */
  rejoin(host: Host, direction: "both" | "out" | "in" = "both"): void {
    for (const other of this.hostList) {
      if (other === host) continue;
      if (direction !== "in") this.undoOldest(host, other);
      if (direction !== "out") this.undoOldest(other, host);
    }
  }

  // The undos of cuts made through partition/isolate, per directed pair, for repair/rejoin.
  private readonly cutUndos = new Map<Link, Undo[]>();

  private track(from: Host, to: Host, undo: Undo): Undo {
    const link = this.link(from, to);
    let list = this.cutUndos.get(link);
    if (list === undefined) this.cutUndos.set(link, (list = []));
    list.push(undo);
    return () => {
      const i = list!.indexOf(undo);
      if (i >= 0) list!.splice(i, 1);
      undo();
    };
  }

  private undoOldest(from: Host, to: Host): void {
    const list = this.cutUndos.get(this.link(from, to));
    const undo = list?.shift();
    if (undo !== undefined) undo();
  }

  /** Called after anything that can make an unreachable peer reachable again. */
  onHeal(listener: () => void): void {
    this.healListeners.push(listener);
  }

  healed(): void {
    for (const l of this.healListeners) l();
  }

  /** Link names for fault targets and name suggestions: "a<->b" per unordered pair, sorted. */
  linkNames(): string[] {
    const names: string[] = [];
    const hosts = [...this.hostList].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) names.push(`${hosts[i]!.name}<->${hosts[j]!.name}`);
    }
    return names;
  }
}

/** Parses "a->b" or "a<->b" into its ends; null when it is neither. */
export function parseLinkName(name: string): { from: string; to: string; oneWay: boolean } | null {
  const both = name.indexOf("<->");
  if (both > 0 && both + 3 < name.length) return { from: name.slice(0, both), to: name.slice(both + 3), oneWay: false };
  const one = name.indexOf("->");
  if (one > 0 && one + 2 < name.length) return { from: name.slice(0, one), to: name.slice(one + 2), oneWay: true };
  return null;
}
