// Keystone: token issue (password check, assignments, catalog, Fernet mint: a new token each
// time), token validation (Fernet decrypt, then the revocation check whose cost grows with every
// stored revocation event — Bug 1587777's mechanism) and a user's project list (Horizon asks for
// it on every page), which validates the caller's token inside Keystone (no auth_token cache in
// front of Keystone itself).
import type { Span } from "../../../tracer/index.ts";
import { allOk, fanout } from "../calls.ts";
import type { Step } from "../calls.ts";
import type { HandlerResponse, ServiceInstance } from "../instance.ts";
import type { Parent } from "../tracing.ts";
import { okResponse, route } from "./registry.ts";

/**
 * Validates a token inside Keystone: revocation list and token model fetched concurrently, then
 * the check. An injected error on keystone.validate_token fails it here, wherever it runs (the
 * validation API, or inside another call such as the project list); `checked` says the caller
 * already drew that error (the validation route, whose operation this is).
 */
export function* validateToken(inst: ServiceInstance, span: Span, checked = false): Generator<any, boolean, any> {
  const cloud = inst.cloud;
  // Its own trace point (OSProfiler traces Keystone's token provider), so diagnosis can name
  // the validation rather than whichever API call happened to run it.
  const check = inst.startSpan("validate_token", span, "internal");
  const op = inst.op("validate_token");
  const steps = yield* fanout(inst, check, [
    (c: Parent) => cloud.db.query(inst, c, "select", "revocation_event"),
    (c: Parent): Generator<any, Step, any> => cloud.cacheFor("keystone/token-model").get(inst, c, "keystone/token-model"),
  ]);
  yield inst.work(op);
  const injected = checked ? null : op.failure(inst);
  const ok = steps[0]!.ok && injected === null;
  inst.finish(check, span, !ok, ok ? undefined : (injected ?? "revocation backend unavailable"));
  return ok;
}

function* issue(inst: ServiceInstance, _req: unknown, span: Span): Generator<any, HandlerResponse, any> {
  const cloud = inst.cloud;
  const user = yield* cloud.db.query(inst, span, "select", "user");
  if (!user.ok) return okResponse(500, 200, "identity backend unavailable");
  yield inst.work(inst.op("issue_token"));
  const steps = yield* fanout(inst, span, [
    (c: Parent) => cloud.db.query(inst, c, "select", "assignment"),
    (c: Parent) => cloud.db.query(inst, c, "select", "project"),
    (c: Parent): Generator<any, Step, any> => cloud.cacheFor("keystone/catalog").get(inst, c, "keystone/catalog"),
  ]);
  if (!steps[0]!.ok || !steps[1]!.ok) return okResponse(500, 200, "assignment backend unavailable");
  const mint = inst.op("mint_token");
  yield inst.work(mint);
  const failed = mint.failure(inst);
  if (failed !== null) return okResponse(500, 200, failed);
  return okResponse(201, 8_000, cloud.mintToken());
}

function* validate(inst: ServiceInstance, _req: unknown, span: Span): Generator<any, HandlerResponse, any> {
  const ok = yield* validateToken(inst, span, true);
  return ok ? okResponse(200, 6_000) : okResponse(500, 200, "revocation backend unavailable");
}

function* listProjects(inst: ServiceInstance, _req: unknown, span: Span): Generator<any, HandlerResponse, any> {
  if (!(yield* validateToken(inst, span))) return okResponse(500, 200, "revocation backend unavailable");
  const q = yield* inst.cloud.db.query(inst, span, "select", "project");
  if (!q.ok) return okResponse(500, 200, "assignment backend unavailable");
  yield inst.work(inst.op("list_projects"));
  return okResponse(200, 1_500);
}

export function installKeystone(inst: ServiceInstance): void {
  route(inst, "POST /v3/auth/tokens", "issue_token", false, issue);
  route(inst, "GET /v3/auth/tokens", "validate_token", false, validate);
  route(inst, "GET /v3/users/{user_id}/projects", "list_projects", false, listProjects);
}

export { allOk };
