// Colours per service, assigned in name order so every chart of one report agrees: Tableau's
// ten categorical colours first (distinct from each other and readable under the dark
// critical-path stripe), then more of Jaeger UI's palette for larger clouds.

const PALETTE = [
  "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
  "#17B8BE", "#B7885E", "#829AE3", "#12939A", "#DDB27C", "#88572C", "#DA70BF", "#125C77", "#4DC19C", "#776E57",
] as const;

export type Palette = ReadonlyMap<string, string>;

export function paletteFor(services: Iterable<string>): Palette {
  const names = [...new Set(services)].sort();
  return new Map(names.map((s, i) => [s, PALETTE[i % PALETTE.length]!]));
}

export function colorOf(palette: Palette, service: string): string {
  return palette.get(service) ?? "#999999";
}
