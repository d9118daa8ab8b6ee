// An oslo.messaging-style RPC bus over a simulated RabbitMQ broker.
export { Broker } from "./broker.ts";
export { BrokerQueue } from "./queue.ts";
export type { Consumer } from "./queue.ts";
export { RpcClient, DEFAULT_CALL_TIMEOUT_NS } from "./client.ts";
export type { CallOptions } from "./client.ts";
export { RpcServer } from "./server.ts";
export type { HandlerResult, RpcHandler, RpcServerOptions } from "./server.ts";
export { RpcError, MessagingTimeout, RemoteError, InvalidTarget, ENVELOPE_BYTES } from "./types.ts";
export type { Target, RpcMessage, RpcReply, RpcResult, ReplyAddress, Deliverable } from "./types.ts";
