// Structural change: shapes (causal structure or call tree) that appeared, vanished, or became
// markedly more or less common, each matched to the nearest shape of the other window.
import { featureDistance } from "../reconstruct/index.ts";
import { twoProportionTest } from "../stats/index.ts";
import { adjust, byString } from "./compare.ts";
import type { Settings, WorkflowWindows } from "./compare.ts";
import type { ShapeCatalog } from "./profile.ts";
import type { ShapeChange } from "./types.ts";

const MAX_LISTED = 8;

export function shapeChanges(settings: Settings, windows: readonly WorkflowWindows[], shapes: ShapeCatalog, exemplars: number): ShapeChange[] {
  const rows: Omit<ShapeChange, "adjustedP">[] = [];
  for (const w of windows) {
    if (w.before.length === 0 || w.after.length === 0) continue;
    const counts = new Map<string, { b: string[]; a: string[] }>();
    const slot = (s: string) => {
      let x = counts.get(s);
      if (!x) counts.set(s, (x = { b: [], a: [] }));
      return x;
    };
    for (const p of w.before) slot(p.shape).b.push(p.traceId);
    for (const p of w.after) slot(p.shape).a.push(p.traceId);
    const beforeShapes = [...counts].filter(([, c]) => c.b.length > 0).map(([s]) => s);
    const afterShapes = [...counts].filter(([, c]) => c.a.length > 0).map(([s]) => s);
    for (const [shape, c] of [...counts].sort((x, y) => byString(x[0], y[0]))) {
      const { z, p } = twoProportionTest(c.a.length, w.after.length, c.b.length, w.before.length);
      const change = c.b.length === 0 ? "new" : c.a.length === 0 ? "vanished" : z > 0 ? "more" : "fewer";
      const grew = change === "new" || change === "more";
      const others = (grew ? beforeShapes : afterShapes).filter((s) => s !== shape);
      const nearest = nearestShape(shape, others, shapes);
      rows.push({
        workflow: w.workflow,
        shape,
        change,
        countBefore: c.b.length,
        countAfter: c.a.length,
        p,
        ...(nearest === undefined ? {} : { nearest }),
        exemplars: [...(grew ? c.a : c.b)].sort(byString).slice(0, exemplars),
      });
    }
  }
  const adjusted = adjust(settings, rows.map((r) => r.p));
  return rows
    .map((r, i) => ({ ...r, adjustedP: adjusted[i]! }))
    .filter((r) => r.adjustedP <= settings.alpha)
    .sort((a, b) => a.adjustedP - b.adjustedP || byString(a.workflow, b.workflow) || byString(a.shape, b.shape));
}

function nearestShape(shape: string, candidates: readonly string[], shapes: ShapeCatalog): ShapeChange["nearest"] {
  const mine = shapes.get(shape);
  if (mine === undefined) return undefined;
  let best: { shape: string; distance: number } | undefined;
  for (const other of [...candidates].sort(byString)) {
    const features = shapes.get(other);
    if (features === undefined) continue;
    const distance = featureDistance(mine, features);
    if (best === undefined || distance < best.distance) best = { shape: other, distance };
  }
  if (best === undefined) return undefined;
  const theirs = shapes.get(best.shape)!;
  const added: string[] = [];
  const removed: string[] = [];
  for (const k of new Set([...mine.keys(), ...theirs.keys()])) {
    const d = (mine.get(k) ?? 0) - (theirs.get(k) ?? 0);
    if (d > 0) added.push(d === 1 ? k : `${k} ×${d}`);
    if (d < 0) removed.push(-d === 1 ? k : `${k} ×${-d}`);
  }
  return { ...best, added: added.sort(byString).slice(0, MAX_LISTED), removed: removed.sort(byString).slice(0, MAX_LISTED) };
}
