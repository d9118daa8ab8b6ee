// Latency over time, one small chart per workflow: p50 and p99 of the requests started in each
// step, with the warm-up and the fault windows shaded so a change lines up with its cause.
import { esc } from "./escape.ts";
import { ms, px, runTime, ticks, timeTicks } from "./format.ts";
import type { ReportFault, ReportLatency, ReportSeries } from "./types.ts";

const W = 540;
const H = 190;
const M = { left: 54, right: 14, top: 26, bottom: 32 } as const;

/** A polyline through the steps that had requests; steps without any break the line. */
function linePath(points: readonly (readonly [number, number, number])[], field: 1 | 2, x: (i: number) => number, y: (v: number) => number): { d: string; dots: [number, number][] } {
  const runs: [number, number][][] = [];
  let current: [number, number][] = [];
  points.forEach((p, i) => {
    if (p[0] === 0) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else current.push([x(i), y(p[field])]);
  });
  if (current.length > 0) runs.push(current);
  const d = runs
    .filter((r) => r.length > 1)
    .map((r) => r.map(([a, b], j) => `${j === 0 ? "M" : "L"}${px(a)} ${px(b)}`).join(""))
    .join("");
  return { d, dots: runs.filter((r) => r.length === 1).map((r) => r[0]!) };
}

export function latencyChart(series: ReportSeries, latency: ReportLatency, faults: readonly ReportFault[], warmupNs: number, id: string): string {
  const { stepNs, durationNs } = latency;
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const maxV = Math.max(0, ...series.points.filter((p) => p[0] > 0).map((p) => p[2]));
  const yTicks = ticks(maxV > 0 ? maxV : 1, 4);
  const yMax = yTicks[yTicks.length - 1]!;
  const x = (t: number) => M.left + (Math.min(durationNs, Math.max(0, t)) / durationNs) * iw;
  const xi = (i: number) => x((i + 0.5) * stepNs);
  const y = (v: number) => M.top + ih - (v / yMax) * ih;
  const requests = series.points.reduce((a, p) => a + p[0], 0);
  const out: string[] = [];
  out.push(
    `<svg class="chart latency" id="${esc(id)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${esc(id)}-t ${esc(id)}-d">`,
    `<title id="${esc(id)}-t">${esc(series.workflow)}: latency over time</title>`,
    `<desc id="${esc(id)}-d">p50 and p99 response time in ms of the ${requests} requests started in each ${runTime(stepNs)} step; warm-up and fault windows shaded.</desc>`,
  );
  if (warmupNs > 0) out.push(`<rect class="warmup" x="${px(x(0))}" y="${M.top}" width="${px(x(warmupNs) - x(0))}" height="${ih}"><title>warm-up (not compared)</title></rect>`);
  for (const f of faults) {
    const x0 = x(f.startNs);
    const x1 = x(f.endNs);
    out.push(`<rect class="fault" x="${px(x0)}" y="${M.top}" width="${px(Math.max(1, x1 - x0))}" height="${ih}"><title>fault ${esc(f.kind)} on ${esc(f.target)}, ${runTime(f.startNs)}–${runTime(f.endNs)}</title></rect>`);
    out.push(`<text class="fault-label" x="${px(x0 + 4)}" y="${M.top + 12}">${esc(f.id ?? f.kind)}</text>`);
  }
  for (const v of yTicks) {
    out.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${px(y(v))}" y2="${px(y(v))}"/>`);
    out.push(`<text class="tick" x="${M.left - 6}" y="${px(y(v) + 4)}" text-anchor="end">${ms(v, 1)}</text>`);
  }
  for (const t of timeTicks(durationNs, 6)) {
    const xt = x(t);
    out.push(`<line class="axis" x1="${px(xt)}" x2="${px(xt)}" y1="${M.top + ih}" y2="${M.top + ih + 4}"/>`);
    out.push(`<text class="tick" x="${px(xt)}" y="${M.top + ih + 16}" text-anchor="middle">${runTime(t)}</text>`);
  }
  out.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${M.top + ih}" y2="${M.top + ih}"/>`);
  out.push(`<text class="axis-label" x="${M.left - 40}" y="${M.top - 10}">ms</text>`);
  out.push(`<text class="chart-title" x="${M.left}" y="${M.top - 10}">${esc(series.workflow)}</text>`);
  for (const [field, cls, label] of [[2, "p99", "p99"], [1, "p50", "p50"]] as const) {
    const { d, dots } = linePath(series.points, field, xi, y);
    if (d !== "") out.push(`<path class="line ${cls}" d="${d}"><title>${label}</title></path>`);
    for (const [a, b] of dots) out.push(`<circle class="dot ${cls}" cx="${px(a)}" cy="${px(b)}" r="2.5"><title>${label}</title></circle>`);
  }
  out.push("</svg>");
  return out.join("");
}
