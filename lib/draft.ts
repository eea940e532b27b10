// libzmq's draft API (the ZMQ_BUILD_DRAFT_API section of zmq.h): its socket types and
// options, and the ENOTSUP a build without it gives when one is used. Its constants exist
// on every build (scripts/constants.mjs), so that code naming zmq.SERVER loads everywhere
// and fails, where it must, with a reason.
import { ZmqError, zmqError } from "./errors";
import { native } from "./native";

/** Whether the addon and the libzmq it was built against have the draft API. */
export const hasDraftApi: boolean = native.has("draft");

const DRAFT_NAMES: ReadonlySet<string> = new Set(native.draftNames);

// The draft section's socket types (which of its names are types is not in the header).
const DRAFT_SOCKET_TYPES = new Map<number, string>();
for (const name of ["SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL"]) {
  const type = native.constants[name];
  if (DRAFT_NAMES.has(name) && typeof type === "number") DRAFT_SOCKET_TYPES.set(type, name);
}

/** The ENOTSUP for a use of the draft API (`what`: "ZMQ_SERVER") in a build without it. */
export function draftApiMissing(what: string): ZmqError {
  return zmqError(
    "ENOTSUP",
    `${what} is part of libzmq's draft API, which the libzmq zmq-napi was built against lacks (zmq.has("draft") is false)`,
  );
}

/** For ctx.socket(type): a draft type without the draft API (libzmq would say EINVAL) is ENOTSUP. */
export function checkSocketType(type: number): void {
  const name = DRAFT_SOCKET_TYPES.get(type);
  if (name !== undefined && !hasDraftApi) throw draftApiMissing(`ZMQ_${name}`);
}

/** For a method only the draft API has (join, leave, connectPeer…): ENOTSUP without it. */
export function requireDraftApi(what: string): void {
  if (!hasDraftApi) throw draftApiMissing(what);
}

/**
 * Runs an option call. libzmq without the draft API still takes some draft options
 * (ZAP_ENFORCE_DOMAIN, ROUTER_NOTIFY…) and answers EINVAL to the others: for those, the
 * EINVAL becomes an ENOTSUP that says why.
 */
export function draftOptionCall<T>(name: string, call: () => T): T {
  if (hasDraftApi || !DRAFT_NAMES.has(name)) return call();
  try {
    return call();
  } catch (error) {
    if (error instanceof ZmqError && error.code === "EINVAL") throw draftApiMissing(`ZMQ_${name}`);
    throw error;
  }
}
