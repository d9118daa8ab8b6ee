// The messages and errors of an oslo.messaging-style RPC bus.
import type { Headers, Host } from "../net/index.ts";

/** Where a message goes: a topic (competing consumers), `topic.server`, or every server (fanout). */
export interface Target {
  readonly topic: string;
  readonly server?: string;
  readonly fanout?: boolean;
}

/** What a queue carries; its size is what the links charge for. */
export interface Deliverable {
  readonly bytes: number;
}

export interface RpcMessage extends Deliverable {
  /** oslo's `_unique_id`: what the server's duplicate check remembers. */
  readonly uniqueId: number;
  readonly method: string;
  readonly args: unknown;
  /** The request context oslo serialises into the message; trace context travels here. */
  readonly context: Headers;
  readonly from: Host;
  /** For a call: where the reply goes and the `_msg_id` it answers. */
  readonly replyTo: ReplyAddress | null;
  /** Heartbeat period the caller wants (call monitor), 0 for none. */
  readonly monitorNs: number;
}

export interface ReplyAddress {
  readonly queue: string;
  readonly msgId: number;
}

export interface RpcReply extends Deliverable {
  readonly msgId: number;
  /** A call-monitor heartbeat (oslo's `ending=False` reply), not the result. */
  readonly heartbeat: boolean;
  readonly ok: boolean;
  readonly value: unknown;
  readonly error: string | undefined;
  readonly context: Headers;
}

export type RpcResult =
  | { readonly ok: true; readonly value: unknown; readonly context: Headers }
  | { readonly ok: false; readonly error: RpcError; readonly context: Headers };

export class RpcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RpcError";
  }
}

/** No reply within the call's timeout, or the call monitor heard no heartbeat. */
export class MessagingTimeout extends RpcError {
  constructor(message: string) {
    super(message);
    this.name = "MessagingTimeout";
  }
}

/** The server raised: the exception is serialised back to the caller. */
export class RemoteError extends RpcError {
  constructor(message: string) {
    super(message);
    this.name = "RemoteError";
  }
}

/** A `call` with `fanout: true` (oslo raises InvalidTarget). */
export class InvalidTarget extends RpcError {
  constructor(message: string) {
    super(message);
    this.name = "InvalidTarget";
  }
}

/** oslo's envelope: JSON keys, version, msg ids (estimate, bytes). */
export const ENVELOPE_BYTES = 600;
