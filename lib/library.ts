import { native } from "./native";
import { requireString } from "./validate";

/** The version of the libzmq in use, e.g. `[4, 3, 4]`. */
export function version(): [number, number, number] {
  return native.version();
}

/**
 * The capabilities {@link has} knows by name (its table is in native/library.cc). Transports:
 * "inproc", "ipc", "tcp", "ws", "wss" (WebSocket, and over TLS), "udp" (RADIO/DISH, a draft
 * API), "pgm", "epgm", "norm" (multicast), "tipc", "vmci". Security: "curve", "gssapi". And
 * "draft", libzmq's draft API.
 */
export type Capability =
  | "inproc"
  | "ipc"
  | "tcp"
  | "ws"
  | "wss"
  | "udp"
  | "pgm"
  | "epgm"
  | "norm"
  | "tipc"
  | "vmci"
  | "curve"
  | "gssapi"
  | "draft";

const answers = new Map<string, boolean>();
const known = new Set(native.capabilityNames());

/**
 * Whether a capability works with the libzmq in use: for a transport, whether libzmq takes its
 * endpoints (asked of libzmq once, without binding anything, where its own `zmq_has` is wrong:
 * libzmq 4.3.4 says `ws` and `wss` only to "WS" and "WSS", never knows `udp`, and says `tipc`
 * where the kernel has no TIPC); for the rest, libzmq's `zmq_has`. A name not in
 * {@link Capability} is asked of `zmq_has` as it is: false unless libzmq knows it.
 *
 * `pgm://` also needs raw sockets (root or CAP_NET_RAW), `epgm://` does not; a `wss://` bind
 * also needs a certificate (the draft options `WSS_CERT_PEM` and `WSS_KEY_PEM`). The answers are
 * the process's as it started: asked once each, then kept.
 *
 * @example
 * if (zmq.has("ws")) server.bind("ws://127.0.0.1:8080")
 */
export function has(capability: Capability | (string & {})): boolean {
  const name = requireString("capability", capability);
  let answer = answers.get(name);
  if (answer === undefined) {
    answer = native.has(name);
    if (known.has(name)) answers.set(name, answer);
  }
  return answer;
}

/** A new CURVE key pair, both keys as 40-character Z85 text. */
export function curveKeypair(): { publicKey: string; secretKey: string } {
  return native.curveKeypair();
}

/** The public key that belongs to a Z85 secret key. */
export function curvePublic(secretKey: string): string {
  return native.curvePublic(requireString("secretKey", secretKey));
}

/** Z85-encodes bytes whose length is a multiple of 4. */
export function z85Encode(data: Buffer | Uint8Array): string {
  if (!(data instanceof Uint8Array)) throw new TypeError("data must be a Buffer or Uint8Array");
  return native.z85Encode(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** Decodes Z85 text whose length is a multiple of 5. */
export function z85Decode(text: string): Buffer {
  return native.z85Decode(requireString("text", text));
}
