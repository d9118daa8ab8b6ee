// Binds the tracer core's StampOps to tracer/itc.
import { decodeBase64url, encodeBase64url, event, fork, join, seed } from "../itc/index.ts";
import type { Stamp } from "../itc/index.ts";
import type { StampOps } from "./stamps.ts";

const OPS: StampOps = {
  seed,
  fork: (s) => fork(s as Stamp),
  event: (s) => event(s as Stamp),
  join: (a, b) => join(a as Stamp, b as Stamp),
  encode: (s) => encodeBase64url(s as Stamp),
  decode: (text) => decodeBase64url(text),
};

export const itcStampOps = (): StampOps => OPS;
