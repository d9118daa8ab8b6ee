// A progress bar on stderr for long runs. Wall-clock time is used for display only (when to
// show the bar, how often to redraw); it never reaches the simulation.
import { performance } from "node:perf_hooks";

export interface Progress {
  update(fraction: number, detail: string): void;
  done(): void;
}

export function progressBar(write: (t: string) => void, enabled: boolean, label: string): Progress {
  const started = performance.now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(fraction, detail) {
      if (!enabled) return;
      const now = performance.now();
      // Short runs finish before the bar would help; redraw at most 10 times a second.
      if (now - started < 500 || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      write(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${detail}\x1b[K`);
    },
    done() {
      if (drawn) write("\r\x1b[K");
    },
  };
}
