// Nova cells v2 as the cloud is built: which hosts a multi-cell layout adds, and what a cell is
// at run time (its message queue, its database cluster, its computes and conductors).
//
// nova doc/source/admin/cells.rst, "Service layout": in a single cell every service talks over
// one message bus and one cell database; with several, "the message bus must be split into
// pieces along the same lines as the cell database", and a super conductor serves the API-level
// services (nova-api, the schedulers) with the API database and its own queue. nova-api and the
// super conductor reach every cell's queue and database through the cell mappings; a cell's
// computes reach only their cell's queue, conductors and (through them) database.
import type { Broker } from "../rpc/index.ts";
import type { Database } from "./database.ts";
import type { ServiceInstance } from "./instance.ts";

export interface Cell {
  /** "cell1", "cell2", …: also the prefix of its tables in span names ("cell2.instances"). */
  readonly name: string;
  readonly broker: Broker;
  readonly db: Database;
  /** The compute hosts in this cell. */
  readonly computes: readonly string[];
  /** The cell's own conductors (empty in the single-cell layout, where every conductor serves cell1). */
  readonly conductors: readonly ServiceInstance[];
}

/** API-level services that call into every cell (nova-api; the super conductors). */
export const CELL_ROLES: ReadonlySet<string> = new Set(["nova-api", "nova-conductor"]);

export interface CellLayout {
  readonly broker: string;
  readonly db: string;
  readonly dbReplicas: readonly string[];
  readonly conductors: readonly string[];
}

export interface ExtraHosts {
  /** Every host to add, with its role, in order. */
  readonly hosts: readonly { readonly name: string; readonly role: string }[];
  /** The API database's replicas: db-2, db-3, … */
  readonly apiReplicas: readonly string[];
  /** Per cell in the multi-cell layout (empty for one cell): its hosts. */
  readonly cells: readonly CellLayout[];
}

/** The hosts beyond the small layout's: database replicas, and each cell's own hosts when there are several. */
export function cellHosts(cells: number, conductorsPerCell: number, dbReplicas: number): ExtraHosts {
  const hosts: { name: string; role: string }[] = [];
  const replicasOf = (prefix: string): string[] => Array.from({ length: dbReplicas }, (_, i) => `${prefix}db-${i + 2}`);
  const apiReplicas = replicasOf("");
  for (const h of apiReplicas) hosts.push({ name: h, role: "db" });
  const layouts: CellLayout[] = [];
  if (cells > 1) {
    for (let k = 1; k <= cells; k++) {
      const p = `cell${k}-`;
      const layout: CellLayout = {
        broker: `${p}broker-1`,
        db: `${p}db-1`,
        dbReplicas: replicasOf(p),
        conductors: Array.from({ length: conductorsPerCell }, (_, j) => `${p}conductor-${j + 1}`),
      };
      for (const h of layout.conductors) hosts.push({ name: h, role: "controller" });
      hosts.push({ name: layout.broker, role: "broker" }, { name: layout.db, role: "db" });
      for (const h of layout.dbReplicas) hosts.push({ name: h, role: "db" });
      layouts.push(layout);
    }
  }
  return { hosts, apiReplicas, cells: layouts };
}
