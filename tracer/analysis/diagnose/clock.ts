// Clocks that disagree with causality. A call between two hosts gives one sample of how far
// the callee's clock runs ahead of the caller's: half the difference between the request's
// transit and the response's, as each host's timestamps measure them (a callee whose clock is
// δ ahead sees the request arrive δ later and the response leave δ later). Transit asymmetry
// of the network itself cancels when two windows are compared. A host whose clock moved
// shifts the samples of every call it takes part in, with every peer, by the same amount;
// a slow link shifts only its own pair, and only one way — so a moved clock is told from a
// network fault, and named, where an anchor-based system would report latency. Calls through
// a broker are left out: their requests wait in queues their responses do not pass.
import { benjaminiHochberg, holm, vanElteren } from "../stats/index.ts";
import type { SpanRecord } from "../../model/types.ts";
import { byString } from "./compare.ts";
import type { RankingEntry } from "./ranking.ts";

/** One call's reading: how far `host`'s clock runs ahead of `peer`'s (ns, plus transit asymmetry). */
export interface ClockSample {
  readonly host: string;
  readonly peer: string;
  readonly aheadNs: number;
  /** The call's child started before its parent, or ended after it, by these clocks. */
  readonly violation: boolean;
}

/** Two samples per call between hosts (one for each end), from client (or producer) → server spans. */
export function clockSamples(spans: readonly SpanRecord[]): ClockSample[] {
  const byId = new Map<string, SpanRecord>();
  for (const s of spans) byId.set(s.spanId, s);
  const out: ClockSample[] = [];
  for (const s of spans) {
    if (s.kind !== "server" || s.parentSpanId === undefined) continue;
    const c = byId.get(s.parentSpanId);
    // A call through a broker is not read: its request waits in a queue its response does not
    // pass (a slow queue would read as the caller's clock moving back).
    if (c === undefined || c.kind !== "client" || c.host === s.host || c.attributes["messaging.system"] !== undefined) continue;
    const request = s.start - c.start;
    const response = c.end - s.end;
    const ahead = (request - response) / 2;
    const violation = request < 0 || response < 0;
    out.push({ host: s.host, peer: c.host, aheadNs: ahead, violation }, { host: c.host, peer: s.host, aheadNs: -ahead, violation });
  }
  return out;
}

export interface ClockSettings {
  readonly alpha: number;
  readonly correction: "bh" | "holm";
  /** The smallest shift named (ns): below it, a shift is within the network's jitter. */
  readonly minShiftNs: number;
}

/** A host whose clock moved between the windows. */
export interface ClockShift {
  readonly host: string;
  /** How far its clock moved ahead (negative: behind), ns: the median shift over its peers, weighted by calls. */
  readonly shiftNs: number;
  readonly adjustedP: number;
  /** Calls with a causality violation by its timestamps, before and after. */
  readonly violationsBefore: number;
  readonly violationsAfter: number;
  /** Peers whose pair readings moved by at least half its shift, of the peers it called or was called by after. */
  readonly peersMoved: number;
  readonly peers: number;
}

interface PairSamples {
  before: number[];
  after: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** The hosts whose clocks moved significantly between two windows' samples, largest shift first. */
export function clockShifts(settings: ClockSettings, before: readonly (readonly ClockSample[])[], after: readonly (readonly ClockSample[])[]): ClockShift[] {
  const byHost = new Map<string, Map<string, PairSamples>>();
  const violations = new Map<string, [number, number]>();
  const add = (samples: readonly (readonly ClockSample[])[], which: "before" | "after") => {
    for (const trace of samples) {
      for (const x of trace) {
        let peers = byHost.get(x.host);
        if (peers === undefined) byHost.set(x.host, (peers = new Map()));
        let p = peers.get(x.peer);
        if (p === undefined) peers.set(x.peer, (p = { before: [], after: [] }));
        p[which].push(x.aheadNs);
        if (x.violation) {
          const v = violations.get(x.host) ?? [0, 0];
          v[which === "before" ? 0 : 1]++;
          violations.set(x.host, v);
        }
      }
    }
  };
  add(before, "before");
  add(after, "after");
  const hosts = [...byHost.keys()].sort(byString);
  const rows = hosts.map((host) => {
    const peers = [...byHost.get(host)!].sort((a, b) => byString(a[0], b[0])).filter(([, p]) => p.before.length > 0 && p.after.length > 0);
    const test = vanElteren(peers.map(([, p]) => ({ x: p.after, y: p.before })));
    const shifts = peers.map(([, p]) => ({ shift: median(p.after) - median(p.before), weight: p.after.length }));
    return { host, test, shifts };
  });
  const raw = rows.map((r) => r.test.p);
  const adjusted = settings.correction === "holm" ? holm(raw) : benjaminiHochberg(raw);
  const out: ClockShift[] = [];
  rows.forEach((r, i) => {
    if (r.shifts.length === 0) return;
    const weighted = r.shifts.flatMap((s) => Array<number>(Math.min(s.weight, 1000)).fill(s.shift));
    const shiftNs = median(weighted);
    if (adjusted[i]! > settings.alpha || Math.abs(shiftNs) < settings.minShiftNs) return;
    const v = violations.get(r.host) ?? [0, 0];
    out.push({
      host: r.host,
      shiftNs,
      adjustedP: adjusted[i]!,
      violationsBefore: v[0],
      violationsAfter: v[1],
      peersMoved: r.shifts.filter((s) => Math.sign(s.shift) === Math.sign(shiftNs) && Math.abs(s.shift) >= Math.abs(shiftNs) / 2).length,
      peers: r.shifts.length,
    });
  });
  return out.sort((a, b) => Math.abs(b.shiftNs) - Math.abs(a.shiftNs) || byString(a.host, b.host));
}

/**
 * The hosts to name: a host whose clock moved shifts its peers' readings too (each by its
 * share of their calls), so a peer is only named when its own shift is not explained by a
 * host already named — when most of its peers moved, not just the named one.
 */
export function movedClocks(shifts: readonly ClockShift[]): ClockShift[] {
  return shifts.filter((s) => s.peersMoved * 2 > s.peers);
}

/**
 * Moved clocks as ranking entries. Within the clock evidence, precision is the host's share
 * of all the shift and recall the share of its peers that moved with it.
 */
export function clockEntries(moved: readonly ClockShift[], meanResponseNs: number): Omit<RankingEntry, "rank">[] {
  let total = 0;
  for (const m of moved) total += Math.abs(m.shiftNs);
  return moved.map((m) => {
    const precision = total > 0 ? Math.abs(m.shiftNs) / total : 0;
    const recall = m.peers > 0 ? m.peersMoved / m.peers : 0;
    return {
      component: { kind: "clock", host: m.host },
      score: precision * recall,
      precision,
      recall,
      impact: meanResponseNs > 0 ? Math.abs(m.shiftNs) / meanResponseNs : 0,
      evidence: {
        addedNs: { work: 0, queue: 0, network: 0, timeout: 0, retry: 0 },
        errorRate: 0,
        dominant: "clock",
        clockShiftNs: m.shiftNs,
        violations: [m.violationsBefore, m.violationsAfter],
      },
      adjustedP: m.adjustedP,
      units: [`clock ${m.host}: ${m.peersMoved} of ${m.peers} peers moved`],
    };
  });
}
