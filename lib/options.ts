// Every socket option of zmq.h as data: its value kind and whether it can be read and
// written. Kinds follow libzmq's zmq_setsockopt/zmq_getsockopt documentation.
import { zmqError, type ZmqError } from "./errors";
import { OptionKind } from "./generated/wire";
import type * as Constants from "./generated/constants";
import { native } from "./native";

/** How a user-facing option value is typed. */
export type ValueKind = "int" | "bool" | "int64" | "uint64" | "bytes" | "string" | "key";

interface OptionSpec {
  kind: ValueKind;
  read: boolean;
  write: boolean;
}

type Access = "rw" | "r" | "w";

// name (without ZMQ_) → [kind, access]. The one table: the checks below read it at run
// time, and the option types at the end of this file are derived from it.
const TABLE = {
  AFFINITY: ["uint64", "rw"],
  ROUTING_ID: ["bytes", "rw"],
  SUBSCRIBE: ["bytes", "w"],
  UNSUBSCRIBE: ["bytes", "w"],
  RATE: ["int", "rw"],
  RECOVERY_IVL: ["int", "rw"],
  SNDBUF: ["int", "rw"],
  RCVBUF: ["int", "rw"],
  RCVMORE: ["bool", "r"],
  FD: ["int", "r"],
  EVENTS: ["int", "r"],
  TYPE: ["int", "r"],
  LINGER: ["int", "rw"],
  RECONNECT_IVL: ["int", "rw"],
  BACKLOG: ["int", "rw"],
  RECONNECT_IVL_MAX: ["int", "rw"],
  MAXMSGSIZE: ["int64", "rw"],
  SNDHWM: ["int", "rw"],
  RCVHWM: ["int", "rw"],
  MULTICAST_HOPS: ["int", "rw"],
  RCVTIMEO: ["int", "rw"],
  SNDTIMEO: ["int", "rw"],
  IPV4ONLY: ["bool", "rw"],
  LAST_ENDPOINT: ["string", "r"],
  ROUTER_MANDATORY: ["bool", "w"],
  TCP_KEEPALIVE: ["int", "rw"],
  TCP_KEEPALIVE_CNT: ["int", "rw"],
  TCP_KEEPALIVE_IDLE: ["int", "rw"],
  TCP_KEEPALIVE_INTVL: ["int", "rw"],
  TCP_ACCEPT_FILTER: ["string", "w"],
  IMMEDIATE: ["bool", "rw"],
  XPUB_VERBOSE: ["bool", "w"],
  ROUTER_RAW: ["bool", "w"],
  IPV6: ["bool", "rw"],
  MECHANISM: ["int", "r"],
  PLAIN_SERVER: ["bool", "rw"],
  PLAIN_USERNAME: ["string", "rw"],
  PLAIN_PASSWORD: ["string", "rw"],
  CURVE_SERVER: ["bool", "rw"],
  CURVE_PUBLICKEY: ["key", "rw"],
  CURVE_SECRETKEY: ["key", "rw"],
  CURVE_SERVERKEY: ["key", "rw"],
  PROBE_ROUTER: ["bool", "w"],
  REQ_CORRELATE: ["bool", "w"],
  REQ_RELAXED: ["bool", "w"],
  CONFLATE: ["bool", "w"],
  ZAP_DOMAIN: ["string", "rw"],
  ROUTER_HANDOVER: ["bool", "w"],
  TOS: ["int", "rw"],
  IPC_FILTER_PID: ["int", "w"],
  IPC_FILTER_UID: ["int", "w"],
  IPC_FILTER_GID: ["int", "w"],
  CONNECT_ROUTING_ID: ["bytes", "w"],
  GSSAPI_SERVER: ["bool", "rw"],
  GSSAPI_PRINCIPAL: ["string", "rw"],
  GSSAPI_SERVICE_PRINCIPAL: ["string", "rw"],
  GSSAPI_PLAINTEXT: ["bool", "rw"],
  HANDSHAKE_IVL: ["int", "rw"],
  SOCKS_PROXY: ["string", "rw"],
  XPUB_NODROP: ["bool", "w"],
  XPUB_MANUAL: ["bool", "w"],
  XPUB_WELCOME_MSG: ["bytes", "w"],
  STREAM_NOTIFY: ["bool", "w"],
  INVERT_MATCHING: ["bool", "rw"],
  HEARTBEAT_IVL: ["int", "rw"],
  HEARTBEAT_TTL: ["int", "rw"],
  HEARTBEAT_TIMEOUT: ["int", "rw"],
  XPUB_VERBOSER: ["bool", "w"],
  CONNECT_TIMEOUT: ["int", "rw"],
  TCP_MAXRT: ["int", "rw"],
  THREAD_SAFE: ["bool", "r"],
  MULTICAST_MAXTPDU: ["int", "rw"],
  VMCI_BUFFER_SIZE: ["uint64", "rw"],
  VMCI_BUFFER_MIN_SIZE: ["uint64", "rw"],
  VMCI_BUFFER_MAX_SIZE: ["uint64", "rw"],
  VMCI_CONNECT_TIMEOUT: ["int", "rw"],
  USE_FD: ["int", "rw"],
  GSSAPI_PRINCIPAL_NAMETYPE: ["int", "rw"],
  GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: ["int", "rw"],
  BINDTODEVICE: ["string", "rw"],
  // The draft API's (lib/draft.ts): libzmq 4.3.4 built without it still takes some of them.
  ZAP_ENFORCE_DOMAIN: ["bool", "rw"],
  LOOPBACK_FASTPATH: ["bool", "rw"],
  METADATA: ["string", "w"],
  MULTICAST_LOOP: ["bool", "rw"],
  ROUTER_NOTIFY: ["int", "rw"],
  XPUB_MANUAL_LAST_VALUE: ["bool", "w"],
  SOCKS_USERNAME: ["string", "rw"],
  SOCKS_PASSWORD: ["string", "rw"],
  IN_BATCH_SIZE: ["int", "rw"],
  OUT_BATCH_SIZE: ["int", "rw"],
  WSS_KEY_PEM: ["string", "w"],
  WSS_CERT_PEM: ["string", "w"],
  WSS_TRUST_PEM: ["string", "w"],
  WSS_HOSTNAME: ["string", "w"],
  WSS_TRUST_SYSTEM: ["bool", "w"],
  ONLY_FIRST_SUBSCRIBE: ["bool", "w"],
  RECONNECT_STOP: ["int", "rw"],
  HELLO_MSG: ["bytes", "w"],
  DISCONNECT_MSG: ["bytes", "w"],
  PRIORITY: ["int", "rw"],
} as const satisfies Record<string, readonly [ValueKind, Access]>;

/** The Guide's libzmq 2.x option numbers, which libzmq 4 no longer defines. */
export const HWM: 1 = 1;
/** libzmq 2.x's ZMQ_SWAP (3), for the Guide's programs; libzmq 4 has no swap: setting or reading it throws ENOTSUP. */
export const SWAP: 3 = 3;

const byNumber = new Map<number, OptionSpec & { name: string }>();
for (const [name, [kind, access]] of Object.entries(TABLE)) {
  const option = native.constants[name];
  // An option the linked libzmq lacks (an older or a trimmed build) is simply absent.
  if (typeof option !== "number") continue;
  byNumber.set(option, { name, kind, read: access !== "w", write: access !== "r" });
}

/** The option's spec; a RangeError for a number that is no socket option. */
export function optionSpec(option: number): OptionSpec & { name: string } {
  const spec = byNumber.get(option);
  if (spec === undefined) throw new RangeError(`unknown socket option ${option}`);
  return spec;
}

/** The names of every option this build knows, for tests and documentation. */
export function optionNames(): string[] {
  return [...byNumber.values()].map((spec) => spec.name);
}

export function nativeKind(kind: ValueKind): OptionKind {
  switch (kind) {
    case "int":
    case "bool":
      return OptionKind.Int;
    case "int64":
      return OptionKind.Int64;
    case "uint64":
      return OptionKind.Uint64;
    case "bytes":
      return OptionKind.Bytes;
    case "string":
      return OptionKind.String;
    case "key":
      return OptionKind.CurveKey;
  }
}

/** Checks a value against the option's kind and returns what the addon takes. */
export function toNativeValue(name: string, kind: ValueKind, value: unknown): unknown {
  const fail = (expected: string) =>
    new TypeError(`${name} takes ${expected}, got ${value === null ? "null" : typeof value}`);
  switch (kind) {
    case "int":
      if (typeof value !== "number") throw fail("a number");
      if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
        throw new RangeError(`${name} must be a 32-bit integer, got ${value}`);
      }
      return value;
    case "bool":
      if (typeof value === "boolean") return value ? 1 : 0;
      if (value === 0 || value === 1) return value;
      throw fail("a boolean (or 0/1)");
    case "int64":
    case "uint64":
      if (typeof value === "bigint") return value;
      if (typeof value === "number" && Number.isSafeInteger(value)) return value;
      if (typeof value === "number") throw new RangeError(`${name} must be an integer, got ${value}`);
      throw fail("a bigint or an integer");
    case "bytes":
    case "string":
      if (typeof value === "string" || ArrayBuffer.isView(value)) return value;
      throw fail("a string or a Buffer");
    case "key":
      if (typeof value === "string" && value.length === 40) return value;
      if (ArrayBuffer.isView(value) && value.byteLength === 32) return value;
      throw fail("a 40-character Z85 string or a 32-byte Buffer");
  }
}

/** Turns what the addon read into the option's user-facing type. */
export function fromNativeValue(kind: ValueKind, value: number | bigint | Buffer | string): unknown {
  return kind === "bool" ? value !== 0 : value;
}

/**
 * The Guide's ZMQ_HWM: libzmq 3 split it into a send and a receive limit. A setsockopt of
 * it sets both, a getsockopt reads the first.
 */
export const HWM_PARTS: readonly number[] = [native.constants.SNDHWM as number, native.constants.RCVHWM as number];

/** For setsockopt: the spec of `option`, which must be writable (ZMQ_SWAP: removed). */
export function writableSpec(option: number): OptionSpec & { name: string } {
  if (option === SWAP) throw swapRemovedError();
  const spec = optionSpec(option);
  if (!spec.write) throw zmqError("EINVAL", `ZMQ_${spec.name} is read-only`);
  return spec;
}

/** For getsockopt: the spec of `option`, which must be readable (ZMQ_SWAP: removed). */
export function readableSpec(option: number): OptionSpec & { name: string } {
  if (option === SWAP) throw swapRemovedError();
  const spec = optionSpec(option);
  if (!spec.read) throw zmqError("EINVAL", `ZMQ_${spec.name} is write-only`);
  return spec;
}

function swapRemovedError(): ZmqError {
  return zmqError(
    "ENOTSUP",
    "ZMQ_SWAP was removed in libzmq 3.0: messages are no longer swapped to disk. Bound memory " +
      "with SNDHWM/RCVHWM instead, and persist messages in your application if they must survive.",
  );
}

// The option types, derived from TABLE and the literal types of the generated constants
// (scripts/constants.mjs): `sock.getsockopt(zmq.RCVHWM)` is a number, a read-only option
// cannot be set. A computed option (a plain `number`) takes and gives `unknown`.

/** What setsockopt takes for each kind (what toNativeValue accepts). */
interface InputOfKind {
  int: number;
  bool: boolean | 0 | 1;
  int64: number | bigint;
  uint64: number | bigint;
  bytes: string | ArrayBufferView;
  string: string | ArrayBufferView;
  key: string | ArrayBufferView;
}

/** What getsockopt gives for each kind (what the addon reads, through fromNativeValue). */
interface OutputOfKind {
  int: number;
  bool: boolean;
  int64: bigint;
  uint64: bigint;
  bytes: Buffer;
  string: string;
  key: string;
}

type Table = typeof TABLE;
type TableName = keyof Table & keyof typeof Constants;
type NumberOf<N extends TableName> = (typeof Constants)[N];
type KindAt<O extends number, A extends Access> = {
  [N in TableName]: O extends NumberOf<N> ? (Table[N][1] extends A ? Table[N][0] : never) : never;
}[TableName];

/** Every socket option constant setsockopt takes (HWM: both SNDHWM and RCVHWM). */
export type WritableSocketOption = { [N in TableName]: Table[N][1] extends "r" ? never : NumberOf<N> }[TableName] | typeof HWM | typeof SWAP;
/** Every socket option constant getsockopt takes. */
export type ReadableSocketOption = { [N in TableName]: Table[N][1] extends "w" ? never : NumberOf<N> }[TableName] | typeof HWM | typeof SWAP;

/**
 * The value setsockopt takes for option `O`: `unknown` for a computed option (a plain
 * `number`, checked at run time), `never` for one that cannot be set.
 */
export type SocketOptionInput<O extends number> = number extends O
  ? unknown
  : O extends typeof HWM
    ? number
    : O extends typeof SWAP
      ? number | bigint
      : InputOfKind[KindAt<O, "rw" | "w">];

/** The value getsockopt gives for option `O` (`unknown` for a computed one). */
export type SocketOptionOutput<O extends number> = number extends O
  ? unknown
  : O extends typeof HWM
    ? number
    : O extends typeof SWAP
      ? never
      : OutputOfKind[KindAt<O, "rw" | "r">];
