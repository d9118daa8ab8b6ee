// The canonical text notation: `(id,event)`, no whitespace, e.g. `((1,0),(0,1,0))`.
// The parser accepts exactly what toText prints (normal forms, decimal counters without
// leading zeros) and uses explicit stacks, so deep nesting cannot exhaust the JS stack.
import { EventNode, IdNode, ItcError, MAX_BYTES, MAX_DEPTH, Stamp } from "./types.ts";
import type { EventTree, Id } from "./types.ts";

export interface ParseOptions {
  /** Longest accepted text in characters (default 8 × MAX_BYTES). */
  readonly maxLength?: number;
  /** Deepest accepted id or event tree (default MAX_DEPTH). */
  readonly maxDepth?: number;
}

export function idToText(i: Id): string {
  return typeof i === "number" ? String(i) : `(${idToText(i.l)},${idToText(i.r)})`;
}

export function eventToText(e: EventTree): string {
  return typeof e === "number" ? String(e) : `(${e.n},${eventToText(e.l)},${eventToText(e.r)})`;
}

export function toText(s: Stamp): string {
  return `(${idToText(s.id)},${eventToText(s.event)})`;
}

class Cursor {
  readonly text: string;
  pos = 0;
  constructor(text: string) {
    this.text = text;
  }

  fail(reason: "syntax" | "not-normal" | "too-deep" | "number-too-large" | "trailing-data", what: string, at = this.pos): never {
    throw new ItcError(reason, `fromText: ${what} at offset ${at}`, at);
  }

  expect(ch: string, context: string): void {
    if (this.text[this.pos] !== ch) {
      const found = this.pos < this.text.length ? `'${this.text[this.pos]}'` : "the end";
      this.fail("syntax", `expected '${ch}' ${context}, found ${found}`);
    }
    this.pos++;
  }

  number(context: string): number {
    const start = this.pos;
    const t = this.text;
    while (this.pos < t.length && t.charCodeAt(this.pos) >= 48 && t.charCodeAt(this.pos) <= 57) {
      this.pos++;
      if (this.pos - start > 16) this.fail("number-too-large", "a counter beyond 2^53 - 1", start);
    }
    if (this.pos === start) this.fail("syntax", `expected a counter ${context}`);
    if (t[start] === "0" && this.pos - start > 1) this.fail("not-normal", "a counter with a leading zero", start);
    const n = Number(t.slice(start, this.pos));
    if (n > Number.MAX_SAFE_INTEGER) this.fail("number-too-large", "a counter beyond 2^53 - 1", start);
    return n;
  }
}

/** Parses the canonical notation; fails only with ItcError. */
export function fromText(text: string, options: ParseOptions = {}): Stamp {
  if (typeof text !== "string") throw new ItcError("invalid-argument", "fromText: expected a string");
  const maxLength = options.maxLength ?? 8 * MAX_BYTES;
  const maxDepth = Math.min(options.maxDepth ?? MAX_DEPTH, MAX_DEPTH);
  if (text.length > maxLength) {
    throw new ItcError("too-large", `fromText: ${text.length} characters is over the limit of ${maxLength}`);
  }
  const c = new Cursor(text);
  c.expect("(", "to open the stamp");
  const id = parseId(c, maxDepth);
  c.expect(",", "between the id and the event tree");
  const event = parseEvent(c, maxDepth);
  c.expect(")", "to close the stamp");
  if (c.pos !== text.length) c.fail("trailing-data", "unexpected text after the stamp");
  return new Stamp(id, event);
}

function parseId(c: Cursor, maxDepth: number): Id {
  const lefts: (Id | undefined)[] = [];
  const starts: number[] = [];
  for (;;) {
    const ch = c.text[c.pos];
    if (ch === "(") {
      if (lefts.length >= maxDepth) c.fail("too-deep", `id nested deeper than ${maxDepth} levels`);
      lefts.push(undefined);
      starts.push(c.pos);
      c.pos++;
      continue;
    }
    if (ch !== "0" && ch !== "1") c.fail("syntax", "expected an id: '0', '1' or '('");
    c.pos++;
    let v: Id = ch === "0" ? 0 : 1;
    for (;;) {
      const top = lefts.length - 1;
      if (top < 0) return v;
      const l = lefts[top];
      if (l === undefined) {
        lefts[top] = v;
        c.expect(",", "between the halves of an id");
        break;
      }
      c.expect(")", "to close an id pair");
      if (l === v && typeof v === "number") c.fail("not-normal", `the id (${v},${v}), whose normal form is ${v}`, starts[top]);
      v = new IdNode(l, v);
      lefts.pop();
      starts.pop();
    }
  }
}

function parseEvent(c: Cursor, maxDepth: number): EventTree {
  const bases: number[] = [];
  const lefts: (EventTree | undefined)[] = [];
  const leftHeights: number[] = [];
  const starts: number[] = [];
  for (;;) {
    if (c.text[c.pos] === "(") {
      if (bases.length >= maxDepth) c.fail("too-deep", `event tree nested deeper than ${maxDepth} levels`);
      starts.push(c.pos);
      c.pos++;
      bases.push(c.number("as the base of an event node"));
      c.expect(",", "after the base of an event node");
      lefts.push(undefined);
      leftHeights.push(0);
      continue;
    }
    let v: EventTree = c.number("or '(' for an event tree");
    let vh = v;
    for (;;) {
      const top = bases.length - 1;
      if (top < 0) return v;
      const l = lefts[top];
      if (l === undefined) {
        lefts[top] = v;
        leftHeights[top] = vh;
        c.expect(",", "between the children of an event node");
        break;
      }
      c.expect(")", "to close an event node");
      const n = bases[top]!;
      const at = starts[top]!;
      if (typeof l === "number" && typeof v === "number" && l === v) {
        c.fail("not-normal", `the event node (${n},${l},${v}), whose normal form is ${n + l}`, at);
      }
      const bl = typeof l === "number" ? l : l.n;
      const br = typeof v === "number" ? v : v.n;
      if (bl !== 0 && br !== 0) c.fail("not-normal", "an event node whose children both have a base above 0", at);
      const lh = leftHeights[top]!;
      vh = n + (lh > vh ? lh : vh);
      if (vh > Number.MAX_SAFE_INTEGER) c.fail("number-too-large", "counters along a path beyond 2^53 - 1", at);
      v = new EventNode(n, l, v);
      bases.pop();
      lefts.pop();
      leftHeights.pop();
      starts.pop();
    }
  }
}
