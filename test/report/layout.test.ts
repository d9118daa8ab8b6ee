import test from "ava";
import fc from "fast-check";
import { dagTags, layoutDag, treeOrder } from "../../tracer/export/html/index.ts";
import type { ReportDag, TimelineSpan } from "../../tracer/export/html/index.ts";
import { duration, percent, pValueHtml, ticks, timeTicks } from "../../tracer/export/html/format.ts";

/** Random DAGs: edges only from a lower to a higher index. */
const dagArb = fc.integer({ min: 2, max: 40 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.uniqueArray(
      fc.tuple(fc.nat(n - 2), fc.nat(n)).map(([a, k]): [number, number] => [a, a + 1 + (k % (n - 1 - a))]),
      { maxLength: 3 * n, selector: ([a, b]) => `${a}>${b}` },
    ),
  ),
);

test("DAG layout: a column is the longest path from a source, no two events share a slot, same input same layout", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(dagArb, ([n, edges]) => {
        const l = layoutDag(n, edges);
        for (let v = 0; v < n; v++) {
          const ps = edges.filter(([, b]) => b === v).map(([a]) => l.layer[a]!);
          if (l.layer[v] !== (ps.length === 0 ? 0 : Math.max(...ps) + 1)) return false;
        }
        if (new Set(l.layer.map((c, i) => `${c}:${l.y[i]}`)).size !== n) return false;
        if (l.layers !== Math.max(...l.layer) + 1 || l.rows !== Math.max(...l.y) + 1) return false;
        return JSON.stringify(layoutDag(n, [...edges].reverse())) === JSON.stringify(l);
      }),
    ),
  );
});

test("DAG layout survives cycles, self-loops and out-of-range edges without hanging", (t) => {
  const l = layoutDag(4, [[0, 1], [1, 2], [2, 1], [3, 3], [0, 9], [-1, 2]]);
  t.is(l.layer.length, 4);
  t.is(new Set(l.layer.map((c, i) => `${c}:${l.y[i]}`)).size, 4);
  t.deepEqual(layoutDag(0, []), { layer: [], y: [], layers: 0, rows: 0 });
});

test("forks and joins are tagged by column, then top to bottom", (t) => {
  const node = (kind: string) => ({ eventId: kind, kind, service: "s", operation: "o", host: "h", timestamp: 0 });
  // 0 forks to 1 and 2; 1 forks again to 3 and 4; 2, 3, 4 join at 5.
  const dag: ReportDag = {
    traceId: "t",
    workflow: "w",
    nodes: [node("fork"), node("start"), node("start"), node("start"), node("start"), node("end")],
    edges: [[0, 1], [0, 2], [1, 3], [1, 4], [2, 5], [3, 5], [4, 5]],
    criticalPath: [],
    partial: false,
  };
  t.deepEqual(
    dagTags(dag).map((x) => [x.tag, x.node, x.role]),
    [["F1", 0, "fork"], ["F2", 1, "fork"], ["J1", 5, "join"]],
  );
});

const span = (spanId: string, parentSpanId: string | null, start: number): TimelineSpan => ({ spanId, parentSpanId, service: "s", operation: spanId, host: "h", kind: "server", start, end: start + 10, error: false });

test("timeline rows: depth first, children by start time, orphans and cycles still shown once", (t) => {
  const rows = treeOrder([span("c", "a", 5), span("a", null, 0), span("b", "a", 1), span("d", "b", 2), span("orphan", "lost", 3), span("x", "y", 9), span("y", "x", 8)]);
  t.deepEqual(
    rows.map((r) => `${r.span.spanId}@${r.depth}`),
    ["a@0", "b@1", "d@2", "c@1", "orphan@0", "y@0", "x@0"],
  );
});

test("timeline rows: every span exactly once, each after its parent when the parent is present", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(30), fc.option(fc.nat(30), { nil: null }), fc.nat(1000)), { maxLength: 30 }), (raw) => {
        const seen = new Set<number>();
        const spans = raw.filter(([id]) => !seen.has(id) && seen.add(id)).map(([id, p, s]) => span(`s${id}`, p === null ? null : `s${p}`, s));
        const rows = treeOrder(spans);
        if (rows.length !== spans.length || new Set(rows.map((r) => r.span.spanId)).size !== spans.length) return false;
        const at = new Map(rows.map((r, i) => [r.span.spanId, i]));
        return rows.every((r, i) => r.depth === 0 || at.get(r.span.parentSpanId!)! < i);
      }),
    ),
  );
});

test("ticks cover the maximum with round steps", (t) => {
  t.deepEqual(ticks(483.4, 4), [0, 200, 400, 600]);
  t.deepEqual(ticks(150, 4), [0, 50, 100, 150]);
  t.deepEqual(ticks(0), [0]);
  t.deepEqual(timeTicks(180e9, 6).map((x) => x / 1e9), [0, 30, 60, 90, 120, 150, 180]);
  t.deepEqual(timeTicks(24e9, 6).map((x) => x / 1e9), [0, 5, 10, 15, 20]);
});

test("durations, shares and p-values read the same everywhere", (t) => {
  t.deepEqual([0, 850, 1500, 12_345, 278_000, 12_400_000, 129_000_000, 1_250_000_000].map(duration), ["0", "850ns", "1.5µs", "12.3µs", "278µs", "12.4ms", "129ms", "1.25s"]);
  t.is(percent(1.349), "135%");
  t.is(percent(-0.025), "−3%");
  t.is(percent(-0.001), "0%");
  t.is(pValueHtml(3.684e-67), "3.7×10<sup>−67</sup>");
  t.is(pValueHtml(0.0123), "0.012");
  t.is(pValueHtml(Number.NaN), "–");
});
