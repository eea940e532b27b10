/**
 * zmq-napi: ZeroMQ for Node.js.
 *
 * @example
 * import * as zmq from "zmq-napi"
 * const requester = zmq.context().socket(zmq.REQ)
 * requester.connect("tcp://localhost:5555")
 * await requester.send("Hello")
 * console.log((await requester.recv()).toString())
 *
 * @module zmq-napi
 */
export { Authenticator, type CurvePolicy } from "./auth";
export { createCertificates, loadCertificate, loadPublicKeys, type Certificate } from "./certificates";
export * from "./constants";
export { Context, context, init, type SharedContext } from "./context";
export type { ReadableContextOption, WritableContextOption } from "./context-options";
export {
  diagnosticsChannels,
  type SocketCloseMessage,
  type SocketEndpointMessage,
  type SocketErrorMessage,
  type SocketOpenMessage,
  type SocketOperation,
} from "./diagnostics";
export { ZmqError } from "./errors";
export { curveKeypair, curvePublic, has, version, z85Decode, z85Encode, type Capability } from "./library";
export { Message, type MessageConstructor } from "./message";
export { SocketMonitor, type MonitorEvent, type MonitorOptions } from "./monitor";
export type { Bytes } from "./native";
export type { ReadableSocketOption, SocketOptionInput, SocketOptionOutput, WritableSocketOption } from "./options";
export type { Routing, SendOptions, TrySendOptions } from "./routing";
export type { CancelOptions, ReceiveOptions } from "./call-options";
export type { SocketNodeStreamOptions, SocketStreamOptions } from "./streams";
export { poll, Poller, type PollItem, type PollOptions } from "./poll";
export { device, proxy, proxySteerable } from "./proxy";
export { catchSignals, interrupted, onInterrupt } from "./signals";
export { getExitLinger, setExitLinger } from "./process-life";
export { Socket, type Frame, type MessageLike } from "./socket";
export type { SyncOptions } from "./engine/sync";
export { MAX_SUBSCRIPTION_BYTES } from "./subscription-bound";
