// Horizontal bar charts as SVG text, written by hand so the bytes depend only on the data:
// fixed geometry, coordinates rounded to 0.1, no fonts measured, no timestamps.
import { fixed } from "./tables.ts";

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Text after the bar (defaults to the value). */
  readonly text?: string;
}

export interface BarChart {
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly Bar[];
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const n = (x: number): string => fixed(Math.round(x * 10) / 10, 1).replace(/\.0$/, "");

export function barChartSvg(chart: BarChart): string {
  const labelW = 150;
  const plotW = 420;
  const valueW = 130;
  const barH = 18;
  const gap = 8;
  const top = 40;
  const width = labelW + plotW + valueW;
  const height = top + chart.bars.length * (barH + gap) + 24;
  const max = Math.max(0, ...chart.bars.map((b) => b.value));
  const scale = max > 0 ? plotW / max : 0;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${n(width / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(chart.title)}</text>`,
  ];
  chart.bars.forEach((b, i) => {
    const y = top + i * (barH + gap);
    const w = Math.max(0, b.value) * scale;
    out.push(`<text x="${labelW - 8}" y="${n(y + barH * 0.72)}" text-anchor="end">${esc(b.label)}</text>`);
    out.push(`<rect x="${labelW}" y="${y}" width="${n(w)}" height="${barH}" fill="#4e79a7"/>`);
    out.push(`<text x="${n(labelW + w + 6)}" y="${n(y + barH * 0.72)}">${esc(b.text ?? `${fixed(b.value, 2)} ${chart.unit}`)}</text>`);
  });
  const axisY = top + chart.bars.length * (barH + gap);
  out.push(`<line x1="${labelW}" y1="${axisY}" x2="${labelW + plotW}" y2="${axisY}" stroke="#888888"/>`);
  out.push(`<text x="${labelW + plotW}" y="${axisY + 16}" text-anchor="end" fill="#555555">${esc(chart.unit)}</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}
