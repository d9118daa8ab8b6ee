// The parameter tables of scenarios/README.md, generated from the scenario schema itself (its
// JSON Schema: field names, types, defaults and the zod descriptions), so the documentation
// cannot drift from what `tracebed validate` accepts. `npm run docs` rewrites the README's
// generated section; a test checks that it is up to date.
import { scenarioJsonSchema } from "./schema.ts";

type Node = Record<string, unknown>;

export const DOCS_BEGIN = "<!-- BEGIN GENERATED: the parameter tables, from the schema (npm run docs) -->";
export const DOCS_END = "<!-- END GENERATED -->";

const asNode = (x: unknown): Node => (typeof x === "object" && x !== null ? (x as Node) : {});
const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function typeOf(node: Node): string {
  if (typeof node["x-tracebed-type"] === "string") return node["x-tracebed-type"];
  if ("const" in node) return `\`${JSON.stringify(node["const"])}\``;
  if (Array.isArray(node["enum"])) return node["enum"].map((v) => `\`${String(v)}\``).join(" or ");
  for (const key of ["anyOf", "oneOf"]) {
    if (Array.isArray(node[key])) return [...new Set((node[key] as unknown[]).map((n) => typeOf(asNode(n))))].join(" or ");
  }
  const t = node["type"];
  if (t === "array") return `list of ${typeOf(asNode(node["items"]))}`;
  if (t === "object") return node["additionalProperties"] !== undefined && node["properties"] === undefined ? "map" : "object";
  if (Array.isArray(t)) return t.join(" or ");
  return typeof t === "string" ? t : "any";
}

function defaultOf(node: Node, required: boolean): string {
  if ("default" in node) {
    const d = node["default"];
    if (d === "") return '`""`';
    return typeof d === "object" ? (Array.isArray(d) && d.length === 0 ? "`[]`" : "—") : `\`${String(d)}\``;
  }
  return required ? "required" : "—";
}

function table(node: Node, skip: readonly string[] = []): string {
  const props = asNode(node["properties"]);
  const required = new Set(Array.isArray(node["required"]) ? (node["required"] as string[]) : []);
  const rows = Object.entries(props)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => {
      const n = asNode(v);
      return `| \`${k}\` | ${cell(typeOf(n))} | ${defaultOf(n, required.has(k))} | ${cell(typeof n["description"] === "string" ? n["description"] : "")} |`;
    });
  return ["| field | type | default | what it means |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

function variants(node: Node): Node[] {
  const items = asNode(node["items"]);
  return (Array.isArray(items["oneOf"]) ? items["oneOf"] : Array.isArray(items["anyOf"]) ? items["anyOf"] : []).map(asNode);
}

const discriminant = (variant: Node, key: string): string => String(asNode(asNode(variant["properties"])[key])["const"]);

/** The README's generated section (between its markers), as Markdown. */
export function scenarioDocs(): string {
  const root = scenarioJsonSchema() as Node;
  const props = asNode(root["properties"]);
  const out: string[] = [DOCS_BEGIN, "", "### Top level", "", table(root), ""];
  const section = (name: string, text: string) => out.push(`### \`${name}\``, "", ...(typeof asNode(props[name])["description"] === "string" ? [String(asNode(props[name])["description"]), ""] : []), text, "");
  section("topology", table(asNode(props["topology"])));
  for (const v of variants(asNode(props["workload"]))) out.push(`### \`workload\`: \`type: ${discriminant(v, "type")}\``, "", table(v, ["type"]), "");
  const faults = variants(asNode(props["faults"]));
  if (faults.length > 0) {
    const common = ["id", "at", "for", "target"].filter((k) => k in asNode(faults[0]!["properties"]));
    out.push("### `faults`: every kind", "", table({ properties: Object.fromEntries(common.map((k) => [k, asNode(faults[0]!["properties"])[k]])), required: faults[0]!["required"] }), "");
    for (const v of faults) {
      const own = Object.keys(asNode(v["properties"])).filter((k) => k !== "kind" && !common.includes(k));
      out.push(`#### \`kind: ${discriminant(v, "kind")}\``, "", ...(typeof v["description"] === "string" ? [String(v["description"]), ""] : []));
      out.push(own.length === 0 ? "No parameters beyond the common ones." : table(v, ["kind", ...common]), "");
    }
  }
  for (const name of ["tracer", "expect", "report"]) section(name, table(asNode(props[name])));
  out.push(DOCS_END);
  return out.join("\n");
}

/** `text` with its generated section replaced by `docs`; throws when the markers are missing. */
export function spliceDocs(text: string, docs: string): string {
  const a = text.indexOf(DOCS_BEGIN);
  const b = text.indexOf(DOCS_END);
  if (a < 0 || b < a) throw new Error(`the file has no generated section (${DOCS_BEGIN} … ${DOCS_END})`);
  return text.slice(0, a) + docs + text.slice(b + DOCS_END.length);
}
