// Reads zod schemas' structure to explain errors: which keys an object accepts at a path
// (for "unknown key … did you mean …"). Uses zod 4's `_zod.def`, the documented way to
// introspect a schema.
import type { z } from "zod";
import type { PathSegment } from "./path.ts";
import { valueAt } from "./path.ts";

type AnySchema = z.ZodType;

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  valueType?: AnySchema;
  items?: AnySchema[];
  values?: unknown[];
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips wrappers (optional, default, pipes/transforms) down to the schema that sees the input. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let i = 0; i < 32; i++) {
    const d = def(s);
    if (d.innerType !== undefined) s = d.innerType;
    else if (d.type === "pipe" && d.in !== undefined) s = d.in;
    else return s;
  }
  return s;
}

/** The object schema among a union's options that fits `value` (by discriminator, else the first object). */
function pickOption(options: readonly AnySchema[], discriminator: string | undefined, value: unknown): AnySchema | undefined {
  const objects = options.map(unwrap).filter((o) => def(o).type === "object" || def(o).type === "union");
  if (discriminator !== undefined && value !== null && typeof value === "object") {
    const tag = (value as Record<string, unknown>)[discriminator];
    for (const o of objects) {
      const lit = def(o).shape?.[discriminator];
      if (lit !== undefined && def(unwrap(lit)).values?.includes(tag)) return o;
    }
  }
  return objects[0];
}

/** The schema that validates the value at `path` of `data`, when it can be determined. */
export function schemaAt(root: AnySchema, data: unknown, path: readonly PathSegment[]): AnySchema | undefined {
  let s: AnySchema | undefined = unwrap(root);
  for (let i = 0; i <= path.length && s !== undefined; i++) {
    let d = def(s);
    if (d.type === "union") {
      s = pickOption(d.options ?? [], d.discriminator, valueAt(data, path.slice(0, i)));
      if (s === undefined) return undefined;
      s = unwrap(s);
      d = def(s);
      if (d.type === "union") {
        s = pickOption(d.options ?? [], d.discriminator, valueAt(data, path.slice(0, i)));
        if (s === undefined) return undefined;
        d = def(s);
      }
    }
    if (i === path.length) return s;
    const seg = path[i]!;
    if (d.type === "object") s = d.shape?.[String(seg)];
    else if (d.type === "array") s = d.element;
    else if (d.type === "record") s = d.valueType;
    else if (d.type === "tuple") s = d.items?.[Number(seg)];
    else return undefined;
    s = s === undefined ? undefined : unwrap(s);
  }
  return s;
}

/** The keys the object at `path` accepts, sorted. */
export function keysAt(root: AnySchema, data: unknown, path: readonly PathSegment[]): string[] {
  const s = schemaAt(root, data, path);
  const shape = s === undefined ? undefined : def(s).shape;
  return shape === undefined ? [] : Object.keys(shape).sort();
}
