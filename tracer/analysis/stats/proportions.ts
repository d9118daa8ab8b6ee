// Two-sample test of proportions (pooled normal approximation): did a trace shape become more
// or less common between two windows?
import { normalSf } from "./normal.ts";

export interface ProportionTest {
  readonly z: number;
  /** Two-sided p-value; 1 when the pooled proportion is 0 or 1 (nothing varies). */
  readonly p: number;
}

export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  if (n1 === 0 || n2 === 0) return { z: 0, p: 1 };
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return { z: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / Math.sqrt(variance);
  return { z, p: Math.min(1, 2 * normalSf(Math.abs(z))) };
}
