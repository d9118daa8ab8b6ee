// The report's one stylesheet, inline. System fonts only (nothing to fetch); the trace colours
// and layout follow Jaeger UI's timeline.
export const STYLE = `
:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--accent:#0b5cad;--fault:#d1242f;--cp:#1f2328}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
header{background:#1f2937;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px;font-weight:600}
header p{margin:4px 0 0;color:#d1d5db;max-width:980px}
main{padding:8px 28px 40px;max-width:1320px}
section{margin-top:26px}
h2{font-size:18px;margin:0 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
p.note{color:var(--muted);margin:4px 0 10px;max-width:980px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:150px;background:var(--soft)}
.card .k{font-size:12px;color:var(--muted)}
.card .v{font-size:18px;font-weight:600}
.card.good .v{color:#1a7f37}.card.bad .v{color:var(--fault)}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0;white-space:nowrap}
th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.culprits td.svc{white-space:nowrap}
table.culprits td.op{min-width:280px;max-width:460px;overflow-wrap:break-word}
table.culprits .path{font-size:12px;color:var(--muted);margin-top:2px}
td.ids{font:10.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
td.ids .when{display:inline-block;width:40px;color:var(--muted);font-family:system-ui,sans-serif}
code,.mono{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.share{display:inline-block;height:9px;background:var(--accent);border-radius:2px;vertical-align:middle;margin-right:6px}
.verdict{font-weight:600}.verdict.good{color:#1a7f37}.verdict.bad{color:var(--fault)}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:var(--muted);margin:4px 0 8px;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:5px}
.sw{display:inline-block;width:18px;height:10px;border-radius:2px}
.sw.line{height:3px}
.grid2{display:flex;flex-wrap:wrap;gap:8px 18px}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
figure{margin:8px 0 18px}
figcaption{font-size:13px;color:var(--muted);margin:4px 0}
svg{display:block;font-family:inherit}
svg text{fill:var(--ink)}
.chart .tick{font-size:10px;fill:var(--muted)}
.chart .axis{stroke:#8c959f;stroke-width:1}
.chart .grid{stroke:#eaeef2;stroke-width:1}
.chart .chart-title{font-size:12px;font-weight:600}
.chart .axis-label{font-size:10px;fill:var(--muted)}
.latency .fault{fill:var(--fault);fill-opacity:.11}
.latency .warmup{fill:#8c959f;fill-opacity:.12}
.latency .fault-label{font-size:10px;fill:var(--fault)}
.line{fill:none;stroke-width:1.6;stroke-linejoin:round}
.line.p50,.sw.p50{stroke:#0b5cad;background:#0b5cad}
.line.p99,.sw.p99{stroke:#e36209;background:#e36209}
.line.p99{stroke-dasharray:4 2}
.dot.p50{fill:#0b5cad}.dot.p99{fill:#e36209}
.sw.fault{background:rgba(209,36,47,.18)}.sw.warmup{background:rgba(140,149,159,.22)}
.timeline .tl-head{fill:#eceff3}
.timeline .tl-head-label{font-size:11px;fill:var(--muted)}
.timeline .tl-grid{stroke:#e5e8ec;stroke-width:1}
.timeline .tl-stripe{fill:#f7f8fa}
.timeline .tl-divider{stroke:var(--line)}
.timeline .span-label{font-size:11px}
.timeline .span-label .svc{font-weight:600}
.timeline .bar-label{font-size:10px;fill:var(--muted)}
.timeline .bar{stroke:rgba(0,0,0,.18);stroke-width:.5}
.timeline .error .bar{stroke:var(--fault);stroke-width:1.5}
.cp-work,.sw.cp-work{fill:var(--cp);background:var(--cp)}
.cp-network,.sw.cp-network{fill:#8250df;background:#8250df}
.cp-queue,.sw.cp-queue{fill:#bf8700;background:#bf8700}
.cp-retry,.cp-timeout,.sw.cp-retry{fill:var(--fault);background:var(--fault)}
.dag .edge{fill:none;stroke:#aab2bb;stroke-width:1.2}
.dag .edge.net{stroke-dasharray:4 3}
.dag .edge.cp{stroke:#e36209;stroke-width:2.6}
.dag .node:not(.end){stroke:#1f2328;stroke-width:.8}
.dag .node.end{stroke-width:2}
.dag .node.fork,.dag .node.join{stroke-width:1.6}
.dag .dag-tag{font-size:10px;font-weight:700}
.sw.edge-cp{height:3px;background:#e36209}.sw.edge-net{height:0;border-top:2px dashed #aab2bb}
details summary{cursor:pointer;font-weight:600;margin:4px 0}
footer{color:var(--muted);font-size:12px;padding:0 28px 24px}
`;
