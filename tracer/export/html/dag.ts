// A request's event DAG as SVG: events left to right by causal depth, coloured by service,
// shaped by kind, with forks (one event, several successors) and joins (several predecessors)
// tagged F1…, J1… and listed under the drawing; messages between hosts are dashed, and the
// critical path is drawn over the rest.
import { layoutDag } from "./dag-layout.ts";
import type { DagLayout } from "./dag-layout.ts";
import { esc } from "./escape.ts";
import { duration, px } from "./format.ts";
import { colorOf } from "./palette.ts";
import type { Palette } from "./palette.ts";
import type { ReportDag } from "./types.ts";

/** Column spacing: as wide as fits about 1100px, between these bounds (wider drawings scroll). */
const DX_MIN = 16;
const DX_MAX = 26;
const FIT_WIDTH = 1100;
const DY = 26;
const PAD = { left: 22, right: 22, top: 30, bottom: 18 } as const;
const R = 4.5;

export interface DagTag {
  readonly tag: string;
  readonly node: number;
  readonly role: "fork" | "join";
}

/** Forks and joins, numbered as a reader scans the drawing (by column, then top to bottom): F1, F2… and J1, J2…. */
export function dagTags(dag: ReportDag, layout: DagLayout = layoutDag(dag.nodes.length, dag.edges)): DagTag[] {
  const indeg = new Array<number>(dag.nodes.length).fill(0);
  const outdeg = new Array<number>(dag.nodes.length).fill(0);
  for (const [a, b] of dag.edges) {
    outdeg[a]!++;
    indeg[b]!++;
  }
  const tags: DagTag[] = [];
  let f = 0;
  let j = 0;
  const order = dag.nodes.map((_, i) => i).sort((a, b) => layout.layer[a]! - layout.layer[b]! || layout.y[a]! - layout.y[b]! || a - b);
  for (const i of order) {
    const node = dag.nodes[i]!;
    if (node.kind === "fork" || outdeg[i]! > 1) tags.push({ tag: `F${++f}`, node: i, role: "fork" });
    if (node.kind === "join" || indeg[i]! > 1) tags.push({ tag: `J${++j}`, node: i, role: "join" });
  }
  return tags;
}

function marker(kind: string, cx: number, cy: number, fill: string, role: string | undefined): string {
  const c = `${px(cx)}`;
  const m = `${px(cy)}`;
  if (role === "fork" || kind === "fork") return `<path class="node fork" d="M${c} ${px(cy - R - 2)}L${px(cx + R + 2)} ${m}L${c} ${px(cy + R + 2)}L${px(cx - R - 2)} ${m}Z" fill="${fill}"/>`;
  if (role === "join" || kind === "join") return `<rect class="node join" x="${px(cx - R - 1)}" y="${px(cy - R - 1)}" width="${px(2 * R + 2)}" height="${px(2 * R + 2)}" fill="${fill}"/>`;
  if (kind === "end") return `<circle class="node end" cx="${c}" cy="${m}" r="${R}" fill="#ffffff" stroke="${fill}"/>`;
  return `<circle class="node ${esc(kind)}" cx="${c}" cy="${m}" r="${R}" fill="${fill}"/>`;
}

export function dagSvg(dag: ReportDag, palette: Palette, id: string): string {
  const n = dag.nodes.length;
  const layout = layoutDag(n, dag.edges);
  const DX = Math.max(DX_MIN, Math.min(DX_MAX, Math.floor((FIT_WIDTH - PAD.left - PAD.right) / Math.max(1, layout.layers - 1))));
  const W = PAD.left + PAD.right + Math.max(1, layout.layers - 1) * DX;
  const H = PAD.top + PAD.bottom + Math.max(1, layout.rows - 1) * DY;
  const cx = (i: number) => PAD.left + layout.layer[i]! * DX;
  const cy = (i: number) => PAD.top + layout.y[i]! * DY;
  const tags = dagTags(dag, layout);
  const roleOf = new Map<number, string>();
  for (const t of tags) if (!roleOf.has(t.node)) roleOf.set(t.node, t.role);
  const onPath = new Set<string>();
  for (let k = 1; k < dag.criticalPath.length; k++) onPath.add(`${dag.criticalPath[k - 1]}>${dag.criticalPath[k]}`);
  const t0 = dag.nodes.reduce((m, e) => Math.min(m, e.timestamp), n === 0 ? 0 : Infinity);
  const out: string[] = [];
  out.push(
    `<svg class="chart dag" id="${esc(id)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${esc(id)}-t ${esc(id)}-d">`,
    `<title id="${esc(id)}-t">Event DAG of trace ${esc(dag.traceId)} (${esc(dag.workflow)})</title>`,
    `<desc id="${esc(id)}-d">${n} events and ${dag.edges.length} happens-before edges in ${layout.layers} layers; ${tags.filter((t) => t.role === "fork").length} forks and ${tags.filter((t) => t.role === "join").length} joins.</desc>`,
  );
  const edge = (a: number, b: number, cls: string) => {
    const x1 = cx(a);
    const y1 = cy(a);
    const x2 = cx(b);
    const y2 = cy(b);
    const h = (x2 - x1) / 2;
    return `<path class="${cls}" d="M${px(x1)} ${px(y1)}C${px(x1 + h)} ${px(y1)} ${px(x2 - h)} ${px(y2)} ${px(x2)} ${px(y2)}"/>`;
  };
  out.push(`<g class="edges">`);
  for (const [a, b] of dag.edges) {
    if (onPath.has(`${a}>${b}`)) continue;
    out.push(edge(a, b, dag.nodes[a]!.host === dag.nodes[b]!.host ? "edge" : "edge net"));
  }
  out.push(`</g><g class="critical-path"><title>critical path</title>`);
  for (const [a, b] of dag.edges) {
    if (onPath.has(`${a}>${b}`)) out.push(edge(a, b, dag.nodes[a]!.host === dag.nodes[b]!.host ? "edge cp" : "edge cp net"));
  }
  out.push(`</g><g class="nodes">`);
  dag.nodes.forEach((e, i) => {
    const tip = `${e.kind} · [${e.service}] ${e.operation} on ${e.host} at +${duration(e.timestamp - t0)}`;
    out.push(`<g class="event" data-event="${esc(e.eventId)}"><title>${esc(tip)}</title>${marker(e.kind, cx(i), cy(i), colorOf(palette, e.service), roleOf.get(i))}</g>`);
  });
  out.push(`</g><g class="tags">`);
  const tagged = new Map<number, string[]>();
  for (const t of tags) tagged.set(t.node, [...(tagged.get(t.node) ?? []), t.tag]);
  for (const [node, names] of tagged) out.push(`<text class="dag-tag" x="${px(cx(node))}" y="${px(cy(node) - R - 6)}" text-anchor="middle">${names.join("/")}</text>`);
  out.push("</g></svg>");
  return out.join("");
}
