// A weighted workflow mix: one uniform draw picks a workflow.

export type MixPicker = (u: number) => string;

/** Workflows in name order so a mix's draws never depend on how the file ordered its keys. */
export function compileMix(mix: Readonly<Record<string, number>>): MixPicker {
  const names = Object.keys(mix).sort();
  if (names.length === 0) throw new RangeError("a workflow mix needs at least one workflow");
  const total = names.reduce((s, n) => s + mix[n]!, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const n of names) {
    acc += mix[n]! / total;
    cumulative.push(acc);
  }
  if (names.length === 1) return () => names[0]!;
  return (u) => {
    for (let i = 0; i < cumulative.length - 1; i++) if (u < cumulative[i]!) return names[i]!;
    return names[names.length - 1]!;
  };
}
