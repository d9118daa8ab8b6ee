// Escaping for text and attribute values: every string that came from a run (service and
// operation names, error messages, scenario text) passes through here before it meets markup.

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Safe in element content and in double- or single-quoted attribute values (HTML and SVG). */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
