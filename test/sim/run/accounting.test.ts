import test from "ava";
import { parseScenario } from "../../../sim/scenario/load.ts";
import { defaultCatalog, runScenario } from "../../../sim/run/index.ts";

// Collection traffic crosses the simulated network: a partition, message loss and a host crash
// on the way to the collector each lose records, and every one is accounted for.
const text = `
name: accounting
duration: 20s
workload:
  - { name: cli, type: open, rate: 5/s, mix: { server-list: 1, horizon-instances: 1 } }
faults:
  - { kind: partition, at: 5s, for: 5s, target: { link: "controller-3<->collector-1" } }
  - { kind: message-loss, at: 10s, for: 5s, probability: 0.5, target: { link: "controller-1->collector-1" } }
  - { kind: crash, at: 12s, for: 3s, target: { host: controller-2 } }
  - { kind: freeze, at: 16s, for: 2s, target: { host: collector-1 } }
tracer: { collection: { transport: lossy } }
`;

test("every trace point is either not sampled, stored, or dropped with a reason", (t) => {
  const { summary } = runScenario(parseScenario(text, "accounting.yaml", defaultCatalog()));
  const a = summary.tracer.accounting;
  const dropped = Object.values(a.dropped).reduce((n, x) => n + x, 0);
  t.is(a.emitted, a.stored + dropped);
  t.is(a.tracePoints, a.notSampled + a.emitted);
  t.true(a.dropped["network-loss"] > 0, "partition and message loss on collection links lose batches");
  t.true(a.dropped["host-crash"] > 0, "a crashed host loses its agent's queue");
  // A frozen collector answers nothing: its senders wait, and it takes the batches when it thaws.
  t.is(a.dropped["collector-down"], 0, "a stalled collector holds batches rather than refusing them");
  t.true(a.stored > a.emitted / 2);
  t.deepEqual(summary.faults.map((f) => f.kind), ["partition", "message-loss", "crash", "freeze"]);
});

test("with tracing off there are no trace points at all", (t) => {
  const { summary } = runScenario(parseScenario(text, "accounting.yaml", defaultCatalog()), { tracing: false });
  t.deepEqual(summary.tracer.accounting, {
    tracePoints: 0,
    notSampled: 0,
    emitted: 0,
    stored: 0,
    dropped: { "queue-full": 0, "network-loss": 0, "host-crash": 0, "collector-down": 0, evicted: 0, late: 0, "tail-rejected": 0, unsent: 0 },
  });
  t.false(summary.tracer.enabled);
  t.true(Object.values(summary.requests).reduce((n, r) => n + r.issued, 0) > 50);
});
