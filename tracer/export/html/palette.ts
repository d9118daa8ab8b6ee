// Colours per service, assigned in name order so every chart of one report agrees. The
// palette is Jaeger UI's (itself from Tableau's categorical set), readable on white.

const PALETTE = [
  "#17B8BE", "#F8DCA1", "#B7885E", "#FFCB99", "#F89570", "#829AE3", "#E79FD5", "#1E96BE",
  "#89DAC1", "#B3AD9E", "#12939A", "#DDB27C", "#88572C", "#FF9833", "#EF5D28", "#162A65",
  "#DA70BF", "#125C77", "#4DC19C", "#776E57",
] as const;

export type Palette = ReadonlyMap<string, string>;

export function paletteFor(services: Iterable<string>): Palette {
  const names = [...new Set(services)].sort();
  return new Map(names.map((s, i) => [s, PALETTE[i % PALETTE.length]!]));
}

export function colorOf(palette: Palette, service: string): string {
  return palette.get(service) ?? "#999999";
}
