// Nova cells v2 in the model: the large profile's shape, and requests that stay within their
// instance's cell (its queue, its conductors, its database) while API-level work stays on the
// API queue and database; Galera replicas that receive every write and serve use_slave reads.
import test from "ava";
import { defaultTopology, largeTopology, scaledTopology } from "../../../sim/openstack/index.ts";
import type { TopologyConfig } from "../../../sim/openstack/index.ts";
import { runOne, spansOf, tracedCloud } from "./harness.ts";

/** small's layout in two cells with one conductor each and a replica per database. */
const twoCells = (): TopologyConfig => scaledTopology({ profile: "two-cells", scale: 1, cells: 2, cellConductors: 1, dbReplicas: 1 });

test("the large profile: tens of controllers, over 100 computes in 4 cells, a broker and a replicated database per cell", (t) => {
  const env = tracedCloud({ topology: largeTopology() });
  const cloud = env.cloud;
  const hosts = cloud.hosts().map((h) => h.name);
  t.is(hosts.filter((h) => /^controller-\d+$/.test(h)).length, 90);
  t.is(cloud.instances("nova-compute").length, 120);
  t.is(cloud.cells.length, 4);
  t.is(cloud.brokers.length, 5, "the API queue and one per cell");
  t.is(cloud.databases.length, 5, "the API database and one per cell");
  for (const db of cloud.databases) t.is(db.replicas.length, 2);
  cloud.cells.forEach((cell, i) => {
    t.is(cell.name, `cell${i + 1}`);
    t.is(cell.computes.length, 30);
    t.is(cell.broker.host.name, `cell${i + 1}-broker-1`);
    t.is(cell.db.inst.host.name, `cell${i + 1}-db-1`);
    t.deepEqual(cell.conductors.map((c) => c.host.name), [1, 2, 3].map((j) => `cell${i + 1}-conductor-${j}`));
    // A cell's computes and conductors serve on its queue only.
    for (const h of cell.computes) t.is(cloud.computeOn(h)!.rpcServer!.broker, cell.broker);
    for (const c of cell.conductors) t.is(c.rpcServer!.broker, cell.broker);
  });
  // The API-level services (nova-api, the super conductors, the schedulers) are on the API queue.
  for (const s of ["nova-conductor", "nova-scheduler"]) {
    for (const i of cloud.instances(s)) if (i.cell === null) t.is(i.rpcServer!.broker, cloud.broker, i.name);
  }
  t.false(cloud.topology.compute.trackInstanceChanges, "computes of a cell cannot reach the schedulers");
  t.true(defaultTopology().compute.trackInstanceChanges);
});

test("a server create and delete use the API queue and database for API-level work, and their instance's cell for the rest", (t) => {
  const env = tracedCloud({ seed: "cells", topology: twoCells() });
  const cloud = env.cloud;
  const cellsBuilt = new Set<string>();
  // Creates land on either cell (the scheduler spreads them); check a few of each.
  for (let i = 0; i < 6; i++) {
    const created = runOne(env, "server-create", { tokenReuse: true });
    const spans = spansOf(env, created.traceId!);
    const build = spans.find((s) => s.name === "rpc.consume build_and_run_instance")!;
    const cell = cloud.cellOf(build.host);
    const other = cloud.cells.find((c) => c !== cell)!;
    const otherHosts = new Set([...other.computes, other.broker.host.name, ...other.db.nodes.map((n) => n.host.name), ...other.conductors.map((c) => c.host.name)]);
    for (const s of spans) t.false(otherHosts.has(s.host) || otherHosts.has(String(s.attributes["server.address"])), `${s.name} on ${s.host} belongs to ${other.name}`);
    // The computes' instance.save() calls are served by this cell's conductors, on its database.
    const saves = spans.filter((s) => s.name === "rpc.handle instance_update");
    t.true(saves.length >= 3);
    for (const s of saves) t.true(cell.conductors.some((c) => c.host.name === s.host), s.host);
    const dbSpans = spans.filter((s) => s.name.startsWith("db."));
    for (const s of dbSpans) {
      const server = String(s.attributes["server.address"]);
      if (s.name.endsWith(`${cell.name}.instances`)) t.is(server, cell.db.inst.host.name, s.name);
      else t.is(server, cloud.db.inst.host.name, `${s.name} is API-level`);
    }
    // The super conductor scheduled it over the API queue, then wrote it into the cell's database.
    const schedule = spans.find((s) => s.name === "rpc.call scheduler.select_destinations")!;
    t.regex(schedule.host, /^controller-/, "a super conductor on the API level");
    t.true(dbSpans.some((s) => s.name === `db.insert ${cell.name}.instances` && s.host === schedule.host));
    cellsBuilt.add(cell.name);
  }
  t.deepEqual([...cellsBuilt].sort(), ["cell1", "cell2"], "both cells got builds");
  // A delete goes through the instance's cell too.
  const deleted = runOne(env, "server-delete", { tokenReuse: true });
  const spans = spansOf(env, deleted.traceId!);
  const terminate = spans.find((s) => s.name === "rpc.consume terminate_instance")!;
  const cell = cloud.cellOf(terminate.host);
  t.true(spans.some((s) => s.name === `db.update ${cell.name}.instances` && s.attributes["server.address"] === cell.db.inst.host.name));
  t.true(spans.some((s) => s.name === "rpc.handle instance_destroy" && cell.conductors.some((c) => c.host.name === s.host)));
});

test("a server list gathers from cell0 and every cell's database at once", (t) => {
  const env = tracedCloud({ seed: "list", topology: twoCells() });
  const r = runOne(env, "server-list", { tokenReuse: true });
  const reads = spansOf(env, r.traceId!).filter((s) => s.name.startsWith("db.select") && s.name.endsWith(".instances"));
  t.deepEqual(reads.map((s) => `${s.name}@${String(s.attributes["server.address"])}`).sort(), ["db.select cell0.instances@db-1", "db.select cell1.instances@cell1-db-1", "db.select cell2.instances@cell2-db-1"]);
});

test("every write reaches the replicas before it commits; a use_slave read is served by a replica", (t) => {
  const topology = { ...defaultTopology(), db: { ...defaultTopology().db, replicas: 2 } };
  const env = tracedCloud({ seed: "replicas", topology });
  const db = env.cloud.db;
  t.deepEqual(db.nodes.map((n) => n.host.name), ["db-1", "db-2", "db-3"]);
  runOne(env, "server-create", { tokenReuse: true });
  // The computes' periodic _sync_scheduler_instance_info reads InstanceList with use_slave=True:
  // its first run comes one spacing (120 s) after the timer's fuzzy start (up to 60 s).
  env.sim.run({ until: 200e9 });
  t.true(db.writeSetsReplicated > 0);
  t.is(db.writeSetsReplicated % 2, 0, "each write-set reaches both replicas");
  t.true(db.replicaReads >= 4, `${db.replicaReads} replica reads`);
  const synced = env.records.filter((r) => r.type === "event" && r.event.kind === "start" && r.event.name === "db.select cell1.instances" && r.event.service === "nova-conductor");
  const addresses = new Set(synced.map((r) => (r.type === "event" ? String(r.event.attributes?.["server.address"]) : "")));
  t.true(addresses.has("db-2") && addresses.has("db-3"), [...addresses].join(","));
});
