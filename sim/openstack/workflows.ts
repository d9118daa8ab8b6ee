// What users do, from the client host: each workflow is one request (one trace) whose root
// span is the CLI command or the browser page load. server-create and server-delete poll the
// server like Rally does (prepoll delay, then every poll interval) until it is ACTIVE / gone.
//
// A CLI command authenticates first, as the `openstack` CLI does: each command is a new
// process whose ClientManager has no token yet, and the first API call dereferences auth_ref,
// which asks Keystone for one (osc_lib/clientmanager.py ClientManager.auth_ref: "Dereference
// will trigger an auth if it hasn't already"; osc_lib/shell.py prepare_to_run_command does so for
// every command that needs auth). The new token is unknown to every service's token cache, so
// each service it reaches validates it with Keystone once. With `tokenReuse` the commands use a
// token from a fixed pool instead (a script holding one keystoneauth session, or --os-token).
// Browser workflows use the Horizon session's token, issued at login.
import type { Span } from "../../tracer/index.ts";
import { httpCall } from "./calls.ts";
import type { Cloud } from "./cloud.ts";
import type { ServiceInstance } from "./instance.ts";
import { activity } from "./truth.ts";
import type { RequestEnd } from "./truth.ts";

export const WORKFLOWS = [
  "token-issue",
  "server-create",
  "server-delete",
  "server-list",
  "server-show",
  "horizon-instances",
  "pattern-concurrent",
  "pattern-sequential",
] as const;

export type Workflow = (typeof WORKFLOWS)[number];

export interface RequestResult {
  readonly workflow: Workflow;
  readonly ok: boolean;
  readonly error?: string;
  /** From the first byte the client sends to the answer it was waiting for (virtual ns). */
  readonly latencyNs: number;
  /** The trace id of the root span, when tracing is on. */
  readonly traceId?: string;
}

/** How a request is made. */
export interface RequestOptions {
  /** CLI commands take a token from the pool instead of authenticating first (default false). */
  readonly tokenReuse?: boolean;
}

export class UnknownWorkflowError extends Error {
  readonly workflow: string;
  readonly suggestion: string | undefined;
  constructor(workflow: string, suggestion: string | undefined) {
    super(`unknown workflow ${JSON.stringify(workflow)}; expected one of ${WORKFLOWS.join(", ")}${suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`}`);
    this.name = "UnknownWorkflowError";
    this.workflow = workflow;
    this.suggestion = suggestion;
  }
}

export function isWorkflow(name: string): name is Workflow {
  return (WORKFLOWS as readonly string[]).includes(name);
}

export function checkWorkflow(name: string): Workflow {
  if (isWorkflow(name)) return name;
  throw new UnknownWorkflowError(name, closest(name, WORKFLOWS));
}

/** The closest name by edit distance (ties: the earlier one), or undefined if none is close. */
export function closest(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const v of valid) {
    const d = editDistance(name.toLowerCase(), v.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const ROOT_NAMES: Readonly<Record<Workflow, string>> = {
  "token-issue": "openstack token issue",
  "server-create": "openstack server create --wait",
  "server-delete": "openstack server delete --wait",
  "server-list": "openstack server list",
  "server-show": "openstack server show",
  "horizon-instances": "browser GET /project/instances/",
  "pattern-concurrent": "browser GET /project/",
  "pattern-sequential": "browser GET /project/",
};

interface Outcome {
  readonly ok: boolean;
  readonly error?: string;
}

const OK: Outcome = { ok: true };

function failed(error: string): Outcome {
  return { ok: false, error };
}

function httpError(resp: { status: number; error?: string }): string {
  return resp.status === 0 ? (resp.error ?? "transport error") : `HTTP ${resp.status}`;
}

export function* runWorkflow(cloud: Cloud, workflow: Workflow, options: RequestOptions = {}): Generator<any, RequestResult, any> {
  const client = cloud.client;
  const sim = cloud.sim;
  const t0 = sim.now;
  // The request as the causality oracle sees it (when one observes the run).
  const causal = sim.causality;
  const scope = causal === null ? 0 : causal.beginScope(activity(client.service, ROOT_NAMES[workflow]));
  const root = client.startSpan(ROOT_NAMES[workflow], undefined, "internal");
  root.setAttribute("workflow", workflow);
  yield client.work(client.op("think"));
  const out = yield* STEPS[workflow](cloud, client, root, options.tokenReuse === true);
  if (!out.ok) root.setStatus("error", out.error);
  root.end();
  if (causal !== null) causal.endScope(scope, { workflow, traceId: client.traced ? root.traceId : undefined, start: t0 } satisfies RequestEnd);
  const latencyNs = sim.now - t0;
  const result: { -readonly [K in keyof RequestResult]: RequestResult[K] } = { workflow, ok: out.ok, latencyNs };
  if (out.error !== undefined) result.error = out.error;
  if (client.traced) result.traceId = root.traceId;
  const pay = client.overhead();
  if (pay !== null) yield pay;
  return result;
}

type Steps = (cloud: Cloud, client: ServiceInstance, root: Span, tokenReuse: boolean) => Generator<any, Outcome, any>;

function clientOptions(cloud: Cloud, token: string, extra: object = {}) {
  return { token, timeoutNs: cloud.topology.http.clientTimeoutNs, ...extra };
}

/** A CLI command's token: issued by Keystone for this command, or (tokenReuse) one of the pool. Null when authentication failed. */
function* commandToken(cloud: Cloud, client: ServiceInstance, root: Span, tokenReuse: boolean): Generator<any, { token: string } | { error: string }, any> {
  if (tokenReuse) return { token: cloud.userToken() };
  const r = yield* httpCall(client, root, "keystone", "POST", "/v3/auth/tokens", "POST /v3/auth/tokens", {
    bodyBytes: 400,
    timeoutNs: cloud.topology.http.clientTimeoutNs,
  });
  return r.ok && typeof r.resp.body === "string" ? { token: r.resp.body } : { error: `authentication: ${httpError(r.resp)}` };
}

function* tokenIssue(cloud: Cloud, client: ServiceInstance, root: Span): Generator<any, Outcome, any> {
  const r = yield* httpCall(client, root, "keystone", "POST", "/v3/auth/tokens", "POST /v3/auth/tokens", {
    bodyBytes: 400,
    timeoutNs: cloud.topology.http.clientTimeoutNs,
  });
  return r.ok ? OK : failed(`token issue: ${httpError(r.resp)}`);
}

function* serverList(cloud: Cloud, client: ServiceInstance, root: Span, tokenReuse: boolean): Generator<any, Outcome, any> {
  const auth = yield* commandToken(cloud, client, root, tokenReuse);
  if ("error" in auth) return failed(auth.error);
  const r = yield* httpCall(client, root, "nova-api", "GET", "/v2.1/servers/detail", "GET /v2.1/servers/detail", clientOptions(cloud, auth.token));
  return r.ok ? OK : failed(`server list: ${httpError(r.resp)}`);
}

/** An id no server has (ids count from 1). */
const GONE_SERVER = "srv-00000000";

function* serverShow(cloud: Cloud, client: ServiceInstance, root: Span, tokenReuse: boolean): Generator<any, Outcome, any> {
  const auth = yield* commandToken(cloud, client, root, tokenReuse);
  if ("error" in auth) return failed(auth.error);
  // With no server up, the user asks for one that is gone (a name from an earlier listing), and
  // nova answers 404, as it does to `openstack server show` of a deleted server.
  const id = cloud.servers.pickActive(cloud.requestStream)?.id ?? GONE_SERVER;
  const r = yield* httpCall(client, root, "nova-api", "GET", `/v2.1/servers/${id}`, "GET /v2.1/servers/{id}", clientOptions(cloud, auth.token, { body: { id } }));
  return r.ok ? OK : failed(`server show: ${httpError(r.resp)}`);
}

/** Polls GET /servers/{id} until `done(status)` says so; returns the last status seen or an error. */
function* poll(cloud: Cloud, client: ServiceInstance, root: Span, id: string, token: string, done: (status: number, state: string | undefined) => boolean): Generator<any, Outcome, any> {
  const c = cloud.topology.client;
  const deadline = cloud.sim.now + c.bootTimeoutNs;
  yield cloud.sim.timeout(c.prepollNs);
  for (;;) {
    const r = yield* httpCall(client, root, "nova-api", "GET", `/v2.1/servers/${id}`, "GET /v2.1/servers/{id}", clientOptions(cloud, token, { body: { id } }));
    const state = (r.resp.body as { status?: string } | undefined)?.status;
    if (done(r.resp.status, state)) return OK;
    if (state === "ERROR") return failed("server went to ERROR");
    if (r.resp.status === 404) return failed("server disappeared while waiting for it");
    if (cloud.sim.now + c.pollIntervalNs > deadline) return failed(`timed out after ${c.bootTimeoutNs / 1e9} s waiting for the server`);
    yield cloud.sim.timeout(c.pollIntervalNs);
  }
}

function* serverCreate(cloud: Cloud, client: ServiceInstance, root: Span, tokenReuse: boolean): Generator<any, Outcome, any> {
  const auth = yield* commandToken(cloud, client, root, tokenReuse);
  if ("error" in auth) return failed(auth.error);
  const token = auth.token;
  const image = cloud.requestStream.int(cloud.topology.compute.imageBytes.length);
  const r = yield* httpCall(client, root, "nova-api", "POST", "/v2.1/servers", "POST /v2.1/servers", clientOptions(cloud, token, { body: { image }, bodyBytes: 900 }));
  if (r.resp.status !== 202) return failed(`server create: ${httpError(r.resp)}`);
  const id = (r.resp.body as { id: string }).id;
  const out = yield* poll(cloud, client, root, id, token, (status, state) => status === 200 && state === "ACTIVE");
  // An ACTIVE server joins the pool others may show or delete; one that never got there is
  // cleaned up as Rally would (its Placement allocation may stay behind as an orphan).
  const made = cloud.servers.get(id);
  if (made !== undefined) {
    if (made.state === "ACTIVE") cloud.servers.activate(made);
    else cloud.servers.remove(id);
  }
  return out;
}

function* serverDelete(cloud: Cloud, client: ServiceInstance, root: Span, tokenReuse: boolean): Generator<any, Outcome, any> {
  const auth = yield* commandToken(cloud, client, root, tokenReuse);
  if ("error" in auth) return failed(auth.error);
  // With no server up, the delete names one that is gone, and nova answers 404 (see serverShow).
  const rec = cloud.servers.takeActive(cloud.requestStream);
  const id = rec?.id ?? GONE_SERVER;
  const token = auth.token;
  const r = yield* httpCall(client, root, "nova-api", "DELETE", `/v2.1/servers/${id}`, "DELETE /v2.1/servers/{id}", clientOptions(cloud, token, { body: { id } }));
  if (r.resp.status !== 204) {
    if (rec !== null && cloud.servers.get(rec.id) !== undefined) cloud.servers.activate(rec);
    return failed(`server delete: ${httpError(r.resp)}`);
  }
  return yield* poll(cloud, client, root, id, token, (status) => status === 404);
}

// The browser's Horizon session holds the token from login: one of the pool.
function* horizonInstances(cloud: Cloud, client: ServiceInstance, root: Span): Generator<any, Outcome, any> {
  const r = yield* httpCall(client, root, "horizon", "GET", "/project/instances/", "GET /project/instances/", clientOptions(cloud, cloud.userToken()));
  return r.ok ? OK : failed(`horizon instances page: ${httpError(r.resp)}`);
}

function pattern(mode: "concurrent" | "sequential"): Steps {
  return function* (cloud, client, root) {
    const r = yield* httpCall(client, root, "horizon", "GET", "/project/", "GET /project/", clientOptions(cloud, cloud.userToken(), { body: { mode } }));
    return r.ok ? OK : failed(`overview page: ${httpError(r.resp)}`);
  };
}

const STEPS: Readonly<Record<Workflow, Steps>> = {
  "token-issue": tokenIssue,
  "server-create": serverCreate,
  "server-delete": serverDelete,
  "server-list": serverList,
  "server-show": serverShow,
  "horizon-instances": horizonInstances,
  "pattern-concurrent": pattern("concurrent"),
  "pattern-sequential": pattern("sequential"),
};
