// The encoder's bit sink: one reusable scratch buffer and a small accumulator, so encoding a
// stamp allocates only its result. Bits go most significant first. The state lives in one
// object (field access is cheaper than module-level `let` bindings with their TDZ checks).

const w = {
  buf: new Uint8Array(256),
  pos: 0, // whole bytes written
  acc: 0, // pending bits (fewer than 8 between calls)
  held: 0, // how many bits acc holds
};

export function reset(): void {
  w.pos = 0;
  w.acc = 0;
  w.held = 0;
}

/** Appends the low k bits of v, k ≤ 23. */
export function put(v: number, k: number): void {
  const acc = (w.acc << k) | v;
  let held = w.held + k;
  if (held < 8) {
    w.acc = acc;
    w.held = held;
    return;
  }
  let buf = w.buf;
  let pos = w.pos;
  while (held >= 8) {
    held -= 8;
    if (pos === buf.length) {
      const bigger = new Uint8Array(buf.length * 2);
      bigger.set(buf);
      buf = w.buf = bigger;
    }
    buf[pos++] = (acc >>> held) & 0xff;
  }
  w.pos = pos;
  w.held = held;
  w.acc = acc & ((1 << held) - 1);
}

/** Appends num(n, 2), the paper's self-delimiting number code. */
export function putNum(n: number): void {
  if (n < 4) return put(n, 3);
  if (n < 12) return put(0b10000 | (n - 4), 5);
  if (n < 28) return put(0b1100000 | (n - 12), 7);
  if (n < 60) return put(0b111000000 | (n - 28), 9);
  let width = 2;
  while (n >= 2 ** width) {
    put(1, 1);
    n -= 2 ** width;
    width++;
  }
  put(0, 1);
  // n < 2^width, width ≤ 53: write it in chunks of at most 20 bits
  while (width > 20) {
    width -= 20;
    const high = Math.floor(n / 2 ** width);
    put(high, 20);
    n -= high * 2 ** width;
  }
  put(n, width);
}

/** Pads the last byte with zeros; returns the number of bytes in the scratch buffer. */
export function finish(): number {
  if (w.held > 0) put(0, 8 - w.held);
  return w.pos;
}

/** The scratch buffer (valid up to finish()'s length until the next reset). */
export function scratch(): Uint8Array {
  return w.buf;
}
