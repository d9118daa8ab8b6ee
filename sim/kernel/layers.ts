// Fault layers: the modifiers active on a model object (an added delay, a loss probability, a
// lowered limit). Faults add a layer and get back an undo that removes exactly that layer, so
// overlapping faults compose and end in any order, the way turmoil's and madsim's fault calls do.

/** Reverts what a fault call did; calling it again does nothing. */
export type Undo = () => void;

export class Layers<T> {
  private items: readonly T[] = [];
  private readonly changed: (() => void) | undefined;

  /** `changed` runs after every add and removal (to recompute a derived value). */
  constructor(changed?: () => void) {
    this.changed = changed;
  }

  /** The active layers, oldest first (a new array after every change: safe to iterate while faults come and go). */
  get list(): readonly T[] {
    return this.items;
  }

  get size(): number {
    return this.items.length;
  }

  add(item: T): Undo {
    this.items = [...this.items, item];
    this.changed?.();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const i = this.items.indexOf(item);
      if (i >= 0) this.items = [...this.items.slice(0, i), ...this.items.slice(i + 1)];
      this.changed?.();
    };
  }
}

/** One undo for several, run newest first. */
export function undoAll(undos: readonly Undo[]): Undo {
  return () => {
    for (let i = undos.length - 1; i >= 0; i--) undos[i]!();
  };
}

/** An undo that runs `f` once. */
export function once(f: () => void): Undo {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}
