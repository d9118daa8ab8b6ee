// Mutations of valid documents for fuzz tests: the inputs most likely to reach deep into a parser
// are valid ones changed in one or a few places — a value replaced by a hostile one (a huge or
// negative number, a wrong type, another node's id, so references can point anywhere and form
// cycles), a key removed or added, an array element duplicated — and text cut or spliced.
import fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** Every path to a node of `doc`, the root included, in document order. */
export function paths(doc: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (doc !== null && typeof doc === "object") for (const [k, v] of Object.entries(doc)) out.push(...paths(v, [...at, k]));
  return out;
}

/** Every string in `doc` (ids among them: a replacement by one makes a reference point elsewhere). */
function strings(doc: Json): string[] {
  if (typeof doc === "string") return [doc];
  if (Array.isArray(doc)) return doc.flatMap(strings);
  if (doc !== null && typeof doc === "object") return Object.values(doc).flatMap(strings);
  return [];
}

const HOSTILE: readonly Json[] = [
  null, true, 0, -1, 1, 0.5, -0.000001, 1.7e308, -1.7e308, 2e16, 9007199254740993, 1e21, 4294967296,
  "", "x", "-1", "1e400", "NaN", "Infinity", "18446744073709551616", "340282366920938463463374607431768211456",
  "00000000000000000000000000000000", "0000000000000000", "ffffffffffffffffffffffffffffffff", "🙂", "\u0000", "a".repeat(300),
  [], {}, [null], { "": null }, ["__proto__"],
];

export type Mutation =
  | { readonly kind: "replace"; readonly at: number; readonly with: number }
  | { readonly kind: "reuse"; readonly at: number; readonly from: number }
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "add"; readonly at: number; readonly key: string; readonly with: number }
  | { readonly kind: "duplicate"; readonly at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant("reuse" as const), at: fc.nat(), from: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("add" as const), at: fc.nat(), key: fc.constantFrom("extra", "__proto__", "constructor", "traceID", "spans", "id"), with: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
);

function parentOf(doc: Json, path: Path): Json {
  let cur: Json = doc;
  for (const seg of path.slice(0, -1)) cur = (cur as Record<string | number, Json>)[seg]!;
  return cur;
}

/** `doc` (a deep copy) changed by `mutations`, each at a node chosen by index modulo the node count. */
export function mutate(doc: Json, mutations: readonly Mutation[]): Json {
  let out: Json = JSON.parse(JSON.stringify(doc)) as Json;
  for (const m of mutations) {
    const all = paths(out);
    const path = all[m.at % all.length]!;
    const pool = strings(out);
    const value = (n: number): Json => (n % 3 === 0 && pool.length > 0 ? pool[n % pool.length]! : HOSTILE[n % HOSTILE.length]!);
    if (path.length === 0) {
      if (m.kind === "replace") out = value(m.with);
      continue;
    }
    const parent = parentOf(out, path) as Record<string | number, Json> | Json[];
    const key = path[path.length - 1]!;
    switch (m.kind) {
      case "replace":
        (parent as Record<string | number, Json>)[key] = value(m.with);
        break;
      case "reuse": {
        const from = all[m.from % all.length]!;
        let node: Json = out;
        for (const seg of from) node = (node as Record<string | number, Json>)[seg]!;
        (parent as Record<string | number, Json>)[key] = JSON.parse(JSON.stringify(node ?? null)) as Json;
        break;
      }
      case "delete":
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, Json>)[key];
        break;
      case "add": {
        const node = (parent as Record<string | number, Json>)[key];
        if (node !== null && typeof node === "object" && !Array.isArray(node)) Object.defineProperty(node, m.key, { value: value(m.with), enumerable: true, writable: true, configurable: true });
        break;
      }
      case "duplicate":
        if (Array.isArray(parent)) parent.splice(key as number, 0, JSON.parse(JSON.stringify(parent[key as number] ?? null)) as Json);
        break;
    }
  }
  return out;
}

export type TextEdit = { readonly kind: "none" } | { readonly kind: "cut"; readonly at: number } | { readonly kind: "splice"; readonly at: number; readonly text: string };

/** Text cut short, or with a few characters spliced in (syntax errors at every depth). */
export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant("none" as const) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("splice" as const), at: fc.nat(), text: fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "\\", "\n", "\u2028", "1e999", "-", "\ufeff", "\u0000") }),
);

export function editText(text: string, edit: TextEdit): string {
  if (edit.kind === "none") return text;
  const at = edit.at % (text.length + 1);
  return edit.kind === "cut" ? text.slice(0, at) : text.slice(0, at) + edit.text + text.slice(at);
}

export type { Json };
