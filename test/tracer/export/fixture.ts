// A small deterministic trace for the export tests: a Horizon request fanning out to Keystone and
// Nova concurrently and joining (fan-in by a link), an async RPC cast (producer → consumer), an
// error, a log, attributes of every scalar type, two hosts, and the event DAG of the same
// request for DOT and for message flows.
import type { SpanRecord, Trace, TraceEvent } from "../../../tracer/model/types.ts";

export const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const MS = 1_000_000;

function span(
  spanId: string,
  parentSpanId: string | undefined,
  name: string,
  service: string,
  host: string,
  kind: SpanRecord["kind"],
  start: number,
  end: number,
  extra: Partial<SpanRecord> = {},
): SpanRecord {
  return {
    traceId: TRACE_ID,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    links: [],
    kind,
    name,
    service,
    host,
    start,
    end,
    attributes: {},
    status: { code: "unset" },
    logs: [],
    ...extra,
  };
}

export const spans: readonly SpanRecord[] = [
  span("00f067aa0ba902b7", undefined, "GET /project/instances", "horizon", "ctl-1", "server", 1 * MS, 120 * MS, {
    attributes: { "http.method": "GET", "http.status_code": 200, "sim.retry": false, "sim.load": 0.75 },
    status: { code: "ok" },
  }),
  span("1111111111111111", "00f067aa0ba902b7", "POST /v3/auth/tokens", "horizon", "ctl-1", "client", 5 * MS, 60 * MS),
  span("2222222222222222", "00f067aa0ba902b7", "GET /v2.1/servers/detail", "horizon", "ctl-1", "client", 6 * MS, 90 * MS, {
    logs: [{ timestamp: 30 * MS, attributes: { event: "retry", attempt: 2 } }],
  }),
  span("3333333333333333", "1111111111111111", "validate_token", "keystone", "ctl-2", "server", 7 * MS, 58 * MS, {
    status: { code: "error", message: "token expired" },
  }),
  span("4444444444444444", "00f067aa0ba902b7", "join", "horizon", "ctl-1", "internal", 90 * MS, 110 * MS, {
    links: [{ traceId: TRACE_ID, spanId: "1111111111111111", attributes: { "sim.edge": "fan-in" } }],
  }),
  span("7777777777777777", "2222222222222222", "GET /v2.1/servers/detail", "nova-api", "ctl-1", "server", 8 * MS, 88 * MS),
  span("5555555555555555", "7777777777777777", "rpc.cast build_instances", "nova-api", "ctl-1", "producer", 20 * MS, 21 * MS),
  span("6666666666666666", "5555555555555555", "build_instances", "nova-conductor", "ctl-2", "consumer", 25 * MS, 80 * MS),
];

export const trace: Trace = { traceId: TRACE_ID, events: [], spans };

function ev(
  eventId: string,
  kind: TraceEvent["kind"],
  name: string,
  service: string,
  host: string,
  timestamp: number,
  spanId: string,
  parents: string[],
): TraceEvent {
  return { traceId: TRACE_ID, eventId, kind, name, service, host, timestamp, spanId, parents };
}

// Pattern #1 of the seed talk: two concurrent calls from Horizon, joined.
export const events: readonly TraceEvent[] = [
  ev("e000000000000001", "start", "GET /project/instances", "horizon", "ctl-1", 1 * MS, "00f067aa0ba902b7", []),
  ev("e000000000000002", "fork", "fan-out", "horizon", "ctl-1", 4 * MS, "00f067aa0ba902b7", ["e000000000000001"]),
  ev("e000000000000003", "send", "POST /v3/auth/tokens", "horizon", "ctl-1", 5 * MS, "1111111111111111", ["e000000000000002"]),
  ev("e000000000000004", "send", "GET /v2.1/servers/detail", "horizon", "ctl-1", 6 * MS, "2222222222222222", ["e000000000000002"]),
  ev("e000000000000005", "recv", "validate_token", "keystone", "ctl-2", 7 * MS, "3333333333333333", ["e000000000000003"]),
  ev("e000000000000006", "send", "validate_token reply", "keystone", "ctl-2", 58 * MS, "3333333333333333", ["e000000000000005"]),
  ev("e000000000000007", "recv", "POST /v3/auth/tokens reply", "horizon", "ctl-1", 60 * MS, "1111111111111111", ["e000000000000006"]),
  ev("e00000000000000b", "recv", "GET /v2.1/servers/detail", "nova-api", "ctl-1", 8 * MS, "7777777777777777", ["e000000000000004"]),
  ev("e00000000000000c", "send", "GET /v2.1/servers/detail reply", "nova-api", "ctl-1", 88 * MS, "7777777777777777", ["e00000000000000b"]),
  ev("e000000000000008", "recv", "GET /v2.1/servers/detail reply", "horizon", "ctl-1", 90 * MS, "2222222222222222", ["e00000000000000c"]),
  ev("e000000000000009", "join", "fan-in", "horizon", "ctl-1", 90 * MS, "4444444444444444", ["e000000000000007", "e000000000000008"]),
  ev("e00000000000000a", "end", "GET /project/instances", "horizon", "ctl-1", 120 * MS, "00f067aa0ba902b7", ["e000000000000009", "e0000000000000ff"]),
];

export const traceWithEvents: Trace = { traceId: TRACE_ID, events, spans };
