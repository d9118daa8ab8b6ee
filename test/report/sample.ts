// A small, hand-made report: two workflows, a fault, one culprit, two exemplar traces and a
// fork/join DAG. `hostile` puts markup into every string a run could carry.
import type { ReportData, ReportTrace } from "../../tracer/export/html/index.ts";

const MS = 1e6;
const S = 1e9;

function trace(label: string, id: string, slow: number, svc: string, op: string): ReportTrace {
  return {
    traceId: id,
    label,
    workflow: "horizon-instances",
    period: label.startsWith("Before") ? "before" : "during",
    latencyNs: (30 + slow) * MS,
    spans: [
      { spanId: "a1", parentSpanId: null, service: "horizon", operation: "GET /project/instances/", host: "controller-1", kind: "server", start: 0, end: (30 + slow) * MS, error: false },
      { spanId: "b2", parentSpanId: "a1", service: svc, operation: op, host: "controller-2", kind: "server", start: 2 * MS, end: (12 + slow) * MS, error: false },
      { spanId: "c3", parentSpanId: "a1", service: "nova-api", operation: "GET /servers/detail", host: "controller-3", kind: "server", start: 2 * MS, end: 20 * MS, error: true },
      { spanId: "d4", parentSpanId: "c3", service: "nova-api", operation: "db.select instances", host: "controller-3", kind: "client", start: 4 * MS, end: 9 * MS, error: false },
    ],
    criticalPath: [
      { spanId: "a1", start: 0, end: 2 * MS, kind: "work" },
      { spanId: "b2", start: 2 * MS, end: (12 + slow) * MS, kind: "network" },
      { spanId: "a1", start: (12 + slow) * MS, end: (30 + slow) * MS, kind: "work" },
    ],
    criticalPathMethod: "walking the event DAG",
  };
}

export function sampleReport(hostile = false): ReportData {
  const svc = hostile ? `keystone<script>alert("svc")</script>` : "keystone";
  const op = hostile ? `validate_token<img src=x onerror=alert('op')>` : "validate_token";
  const wf = hostile ? `horizon</title><script>alert(1)</script>` : "horizon-instances";
  return {
    title: hostile ? `tracebed report: <b>evil</b> & "quoted"` : "tracebed report: sample",
    run: {
      scenario: hostile ? "<evil>" : "sample",
      description: hostile ? `A "description" with <tags> & 'quotes'` : "Token validation slows half-way.",
      seed: "7",
      durationNs: 60 * S,
      warmupNs: 10 * S,
      kernelEvents: 123456,
      eventLogHash: "0123456789abcdef",
      sourceHash: "fedcba9876543210",
    },
    periods: [
      { name: "warmup", startNs: 0, endNs: 10 * S },
      { name: "before", startNs: 10 * S, endNs: 30 * S },
      { name: "during", startNs: 30 * S, endNs: 60 * S },
    ],
    workflows: [
      { workflow: wf, issued: 1200, ok: 1190, failed: 10, unfinished: 0, periods: [{ period: "before", count: 400, p50: 31.5, p99: 48.25 }, { period: "during", count: 600, p50: 82, p99: 120.5 }] },
      { workflow: "token-issue", issued: 90, ok: 90, failed: 0, unfinished: 0, periods: [{ period: "before", count: 30, p50: 12, p99: 20 }, { period: "during", count: 0, p50: 0, p99: 0 }] },
    ],
    errors: [{ workflow: wf, error: hostile ? "HTTP 500 <from> keystone & co" : "HTTP 500 from keystone", count: 10 }],
    tracer: {
      enabled: true,
      preset: "dag-itc",
      model: "dag",
      metadata: "itc",
      propagation: "w3c",
      sampler: "const",
      collection: "async",
      tracePoints: 5000,
      notSampled: 0,
      emitted: 5000,
      stored: 4990,
      dropped: { "queue-full": 10, "network-loss": 0 },
    },
    faults: [{ id: hostile ? "<fault>" : "slow-validation", kind: "latency", target: `service=${svc}, operation=${op}`, startNs: 30 * S, endNs: 60 * S, params: `{"add":50000000}`, resolved: "instances: keystone-1" }],
    slo: [{ workflow: wf, percentile: 95, period: "before", maxMs: 400, actualMs: 45.5, met: true }],
    latency: {
      stepNs: 5 * S,
      durationNs: 60 * S,
      series: [
        { workflow: wf, points: Array.from({ length: 12 }, (_, i) => [i === 4 ? 0 : 30, 30 + (i >= 6 ? 50 : 0) + i, 45 + (i >= 6 ? 70 : 0) + i] as const) },
        { workflow: "token-issue", points: Array.from({ length: 12 }, (_, i) => [i % 3 === 0 ? 4 : 0, 12, 20] as const) },
      ],
    },
    diagnosis: {
      before: "before",
      after: "during",
      tracesBefore: 200,
      tracesAfter: 300,
      meanChangeNs: 50 * MS,
      expected: true,
      groundTruth: [`[${svc}] ${op}`],
      ranking: [
        { rank: 1, name: `operation ${svc}.${op}`, evidence: "work", detail: "work +49.5 ms per request", score: 1, p: 3.2e-40 },
        { rank: 2, name: hostile ? "dependency <memcached>" : "dependency memcached", evidence: "errors", detail: "errors +42.0% of requests", score: 0.21, p: 1.5e-30 },
      ],
      culprits: [
        { service: svc, operation: op, kind: "work", callPath: `[horizon] GET /project/instances/ > [${svc}] ${op}`, workflow: wf, changeNs: 49.5 * MS, share: 0.99, p: 3.2e-40, traces: 300, exemplars: { before: ["aaaa0000aaaa0000aaaa0000aaaa0000"], after: ["bbbb1111bbbb1111bbbb1111bbbb1111"] } },
        { service: "nova-api", operation: "db.select instances", kind: "queue", callPath: "[horizon] GET /project/instances/ > [nova-api] db.select instances", workflow: wf, changeNs: -1.25 * MS, share: -0.025, p: 0.004, traces: 120, exemplars: { before: [], after: [] } },
      ],
      errors: [{ service: hostile ? "<memcached>" : "memcached", operation: "cache.get", reportedBy: ["nova-api", "keystone"], rateBefore: 0, rateAfter: 0.42, p: 1.5e-30, traces: 126, exemplars: ["dddd3333dddd3333dddd3333dddd3333"] }],
      structuralChanges: 0,
    },
    exemplars: {
      reason: `Exemplars of the top culprit, [${svc}] ${op}.`,
      before: trace("Before the fault", "aaaa0000aaaa0000aaaa0000aaaa0000", 0, svc, op),
      after: trace("During the fault", "bbbb1111bbbb1111bbbb1111bbbb1111", 50, svc, op),
    },
    dag: {
      traceId: "cccc2222cccc2222cccc2222cccc2222",
      workflow: wf,
      // start → fork → (a, b) → join → end, plus a message to another host.
      nodes: [
        { eventId: "e0", kind: "start", service: "horizon", operation: "GET /project/", host: "controller-1", timestamp: 0 },
        { eventId: "e1", kind: "fork", service: "horizon", operation: "GET /project/", host: "controller-1", timestamp: 1 * MS },
        { eventId: "e2", kind: "start", service: svc, operation: op, host: "controller-2", timestamp: 2 * MS },
        { eventId: "e3", kind: "start", service: "nova-api", operation: "GET /servers/detail", host: "controller-3", timestamp: 2 * MS },
        { eventId: "e4", kind: "end", service: svc, operation: op, host: "controller-2", timestamp: 9 * MS },
        { eventId: "e5", kind: "end", service: "nova-api", operation: "GET /servers/detail", host: "controller-3", timestamp: 5 * MS },
        { eventId: "e6", kind: "end", service: "horizon", operation: "GET /project/", host: "controller-1", timestamp: 10 * MS },
      ],
      edges: [[0, 1], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 6]],
      criticalPath: [0, 1, 2, 4, 6],
      partial: false,
    },
  };
}
