// Scoring a diagnosis against the ground truth: which components naming the injected fault
// count as right. A component is right when it is the fault's target or a part of it (an
// operation or an instance of a faulty service, an instance on a faulty host), so naming
// more precisely than the fault was injected is never wrong; naming a whole that merely
// contains the target (the host of a faulty instance) is.
import type { Component } from "../../tracer/analysis/diagnose/components.ts";
import { linkName } from "../../tracer/analysis/diagnose/components.ts";
import type { FaultRecord } from "../run/index.ts";

/** Where an instance runs and what it is, by instance name ("keystone-1"). */
export type InstanceMap = ReadonlyMap<string, { readonly service: string; readonly host: string }>;

/** Hit components as summary.json's `faults[].components` holds them. */
type Hit = Readonly<Record<string, string>>;

/** "a<->b", "a->b" → the undirected name a diagnosis uses. */
function undirected(link: string): string {
  const [a, b] = link.split(/<->|->/);
  return linkName(a!, b!);
}

/** Whether naming `c` is right for the fault `f` (see the file's head). */
export function namesFault(c: Component, f: FaultRecord, instances: InstanceMap): boolean {
  const hits = (f.components ?? []) as readonly Hit[];
  const target = f.target as { service?: string; instance?: string; host?: string; operation?: string };
  // A whole service: every one of its operations on every instance.
  const wholeService = target.service !== undefined && target.operation === undefined && target.instance === undefined && target.host === undefined;
  const onlyInstance = (service: string) => [...instances.values()].filter((i) => i.service === service).length === 1;
  // A whole host (latency or errors on everything it runs): the host is the injected target.
  const wholeHost = target.host !== undefined && target.service === undefined && target.instance === undefined && target.operation === undefined;
  if (wholeHost && c.kind === "host" && c.host === target.host) return true;
  return hits.some((t) => {
    switch (t["kind"]) {
      case "operation":
        if (c.kind === "operation") return c.service === t["service"] && c.operation === t["operation"];
        if (c.kind === "service") return (wholeService || onlyInstance(t["service"]!)) && c.service === t["service"];
        if (c.kind === "instance") return t["host"] !== undefined ? c.service === t["service"] && c.host === t["host"] : wholeService && c.service === t["service"];
        return false;
      case "instance":
        if (c.kind === "instance") return c.service === t["service"] && c.host === t["host"];
        // The service (or an operation of it) is the instance when it has no other.
        return (c.kind === "operation" || c.kind === "service") && c.service === t["service"] && onlyInstance(t["service"]!);
      case "host":
        return (c.kind === "host" && c.host === t["host"]) || (c.kind === "instance" && c.host === t["host"]);
      case "clock":
        return c.kind === "clock" && c.host === t["host"];
      case "link":
        return c.kind === "link" && c.link === undirected(t["link"]!);
      case "queue": {
        const q = t["queue"]!;
        // The queue, its topic, or the fanout exchange that feeds it (`<topic>_fanout` → `<topic>_fanout_<server>`).
        return c.kind === "queue" && (q === c.queue || q.startsWith(`${c.queue}.`) || c.queue!.startsWith(`${q}.`) || (c.queue!.endsWith("_fanout") && q.startsWith(`${c.queue}_`)));
      }
      case "dependency":
      case "service":
        // A dependency or a service whose every instance is hit: it, its operations or an instance of it.
        return (c.kind === "dependency" || c.kind === "service" || c.kind === "operation" || c.kind === "instance") && c.service === t["service"];
      default:
        return false;
    }
  });
}
