// The simulated network: hosts with clocks, process groups that crash and freeze, links with
// latency/loss/bandwidth and partitions, and HTTP over it.
export { HostClock } from "./clock.ts";
export type { ClockSpec } from "./clock.ts";
export { Crash, ProcessGroup } from "./group.ts";
export type { GroupListener } from "./group.ts";
export { Host } from "./host.ts";
export { Link } from "./link.ts";
export { DeadlineEntry, Deadlines, deadlines } from "./deadlines.ts";
export type { LinkSpec } from "./link.ts";
export { Network, UnknownHostError, parseLinkName } from "./network.ts";
export type { NetworkSpec } from "./network.ts";
export {
  HttpExchange, httpRequest, httpExchange, ok, retryBackoffNs, headerBytes, requestBytes, responseBytes, transportError,
} from "./http.ts";
export type { Headers, HttpRequest, HttpResponse, HttpServer, HttpCallOptions } from "./http.ts";
