// One trace as Jaeger UI draws it: a row per span in tree order, the span's name indented by
// depth on the left, its bar on a shared time axis on the right, and the critical path drawn
// as a dark stripe through the bars it runs along.
import { esc } from "./escape.ts";
import { duration, px, ticks } from "./format.ts";
import { colorOf } from "./palette.ts";
import type { Palette } from "./palette.ts";
import type { ReportTrace, TimelineSpan } from "./types.ts";

const W = 1200;
const LABEL_W = 360;
const ROW = 18;
const BAR = 12;
const HEAD = 26;
const INDENT = 11;
const MAX_INDENT_DEPTH = 14;
/** Average advance of an 11px label character: how many fit in the label column. */
const CHAR_PX = 6.4;
/** Rows drawn at most: a trace of thousands of spans stays a page, not a poster. */
export const MAX_ROWS = 400;

export interface OrderedSpan {
  readonly span: TimelineSpan;
  readonly depth: number;
}

const byStart = (a: TimelineSpan, b: TimelineSpan) => a.start - b.start || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);

/** Spans depth first, children by start time; spans whose parent is absent are roots. */
export function treeOrder(spans: readonly TimelineSpan[]): OrderedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, TimelineSpan[]>();
  const roots: TimelineSpan[] = [];
  for (const s of spans) {
    if (s.parentSpanId === null || !ids.has(s.parentSpanId) || s.parentSpanId === s.spanId) roots.push(s);
    else {
      const list = children.get(s.parentSpanId);
      if (list === undefined) children.set(s.parentSpanId, [s]);
      else list.push(s);
    }
  }
  const out: OrderedSpan[] = [];
  const seen = new Set<string>();
  // Iterative, so a deep trace cannot overflow the stack; `seen` guards against parent cycles.
  const stack: OrderedSpan[] = roots.sort(byStart).reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (seen.has(item.span.spanId)) continue;
    seen.add(item.span.spanId);
    out.push(item);
    const kids = (children.get(item.span.spanId) ?? []).slice().sort(byStart);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: item.depth + 1 });
  }
  // Spans only reachable through a cycle are still shown, as roots.
  for (const s of spans.slice().sort(byStart)) if (!seen.has(s.spanId)) out.push({ span: s, depth: 0 });
  return out;
}

function clip(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

/** The span timeline of one trace; `scaleNs` is the time the bar area spans (shared by the two exemplars). */
export function traceTimeline(trace: ReportTrace, scaleNs: number, palette: Palette, id: string): string {
  const all = treeOrder(trace.spans);
  const rows = all.slice(0, MAX_ROWS);
  const hidden = all.length - rows.length;
  const t0 = trace.spans.reduce((m, s) => Math.min(m, s.start), Infinity);
  const barW = W - LABEL_W - 70;
  const scale = scaleNs > 0 ? scaleNs : 1;
  const x = (t: number) => LABEL_W + ((t - t0) / scale) * barW;
  const height = HEAD + (rows.length + (hidden > 0 ? 1 : 0)) * ROW + 6;
  const rowOf = new Map(rows.map((r, i) => [r.span.spanId, i]));
  const out: string[] = [];
  out.push(
    `<svg class="chart timeline" id="${esc(id)}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="${esc(id)}-t ${esc(id)}-d">`,
    `<title id="${esc(id)}-t">Trace ${esc(trace.traceId)} (${esc(trace.label)}): span timeline</title>`,
    `<desc id="${esc(id)}-d">${all.length} spans of a ${esc(trace.workflow)} request taking ${duration(trace.latencyNs)}; rows in call-tree order, bars on a common time axis, the critical path as a dark stripe.</desc>`,
  );
  out.push(`<rect class="tl-head" x="0" y="0" width="${W}" height="${HEAD - 4}"/>`);
  out.push(`<text class="tl-head-label" x="6" y="${HEAD - 10}">service · operation</text>`);
  for (const v of ticks(scale, 8)) {
    const xt = x(t0 + v);
    if (xt > W - 40) continue;
    out.push(`<line class="tl-grid" x1="${px(xt)}" x2="${px(xt)}" y1="${HEAD - 4}" y2="${height}"/>`);
    out.push(`<text class="tick" x="${px(xt + 3)}" y="${HEAD - 10}">${duration(v)}</text>`);
  }
  rows.forEach(({ span, depth }, i) => {
    const y = HEAD + i * ROW;
    const color = colorOf(palette, span.service);
    const indent = 6 + Math.min(depth, MAX_INDENT_DEPTH) * INDENT;
    const name = `${span.service} ${span.operation}`;
    const tip = `[${span.service}] ${span.operation} on ${span.host} (${span.kind}): ${duration(span.end - span.start)}${span.error ? ", error" : ""}`;
    out.push(`<g class="span-row${span.error ? " error" : ""}" data-span="${esc(span.spanId)}"><title>${esc(tip)}</title>`);
    if (i % 2 === 1) out.push(`<rect class="tl-stripe" x="0" y="${y}" width="${W}" height="${ROW}"/>`);
    out.push(`<rect class="svc-chip" x="${indent}" y="${y + 4}" width="4" height="${ROW - 8}" fill="${color}"/>`);
    const chars = Math.floor((LABEL_W - indent - 20) / CHAR_PX);
    const svc = clip(span.service, 16);
    out.push(`<text class="span-label" x="${indent + 8}" y="${y + ROW - 5}"><tspan class="svc">${esc(svc)}</tspan> ${esc(clip(span.operation, Math.max(6, chars - svc.length - 2)))}</text>`);
    const x0 = x(span.start);
    const w = Math.max(1, x(span.end) - x0);
    out.push(`<rect class="bar" x="${px(x0)}" y="${y + (ROW - BAR) / 2}" width="${px(w)}" height="${BAR}" fill="${color}"/>`);
    out.push(`<text class="bar-label" x="${px(Math.min(W - 4, x0 + w + 4))}" y="${y + ROW - 5}"${x0 + w + 64 > W ? ' text-anchor="end"' : ""}>${duration(span.end - span.start)}</text>`);
    out.push("</g>");
  });
  if (hidden > 0) out.push(`<text class="span-label more" x="6" y="${HEAD + rows.length * ROW + ROW - 5}">… ${hidden} more spans not drawn</text>`);
  out.push(`<line class="tl-divider" x1="${LABEL_W - 4}" x2="${LABEL_W - 4}" y1="0" y2="${height}"/>`);
  // Critical-path stripes last, on top of the bars.
  out.push(`<g class="critical-path"><title>critical path</title>`);
  for (const s of trace.criticalPath) {
    const row = rowOf.get(s.spanId);
    if (row === undefined || !(s.end > s.start)) continue;
    const y = HEAD + row * ROW + ROW / 2 - 2;
    const x0 = x(s.start);
    out.push(`<rect class="cp cp-${esc(s.kind)}" x="${px(x0)}" y="${px(y)}" width="${px(Math.max(0.75, x(s.end) - x0))}" height="4"><title>critical path, ${esc(s.kind)}: ${duration(s.end - s.start)}</title></rect>`);
  }
  out.push("</g></svg>");
  return out.join("");
}
