// A ZAP handler (ZeroMQ RFC 27) on zmq-napi itself: the authenticator libzmq asks, over
// inproc://zeromq.zap.01 in the same context, whether to accept each new connection.
import { Context } from "./context";
import { isEndOfSocket, ZmqError } from "./errors";
import { z85Encode } from "./library";
import { native } from "./native";
import { internalsOf, type Socket } from "./socket";
import { loadPublicKeys } from "./certificates";

const ZAP_ENDPOINT = "inproc://zeromq.zap.01";
const { REP } = native.constants as Record<string, number>;

/** CURVE clients to accept: any client, or those whose public key (Z85) is listed. */
export type CurvePolicy = "any" | { publicKeys: string[] } | { directory: string };

/**
 * Accepts or refuses connections to the sockets of a context: IP allow/deny lists, PLAIN
 * usernames and passwords, CURVE public keys (listed, from certificate files, or any).
 *
 * @example
 * const auth = new zmq.Authenticator(ctx)
 * auth.allow("127.0.0.1")
 * auth.configureCurve("*", { directory: "public_keys" })
 * auth.start()
 */
export class Authenticator {
  readonly #context: Context;
  readonly #allowed = new Set<string>();
  readonly #denied = new Set<string>();
  readonly #passwords = new Map<string, Map<string, string>>(); // domain → user → password
  readonly #curve = new Map<string, "any" | Set<string>>(); // domain → keys
  #socket: Socket | undefined;

  constructor(context: Context) {
    if (!(context instanceof Context)) throw new TypeError("Authenticator takes a zmq Context");
    this.#context = context;
  }

  /** Only these IP addresses may connect (all others are refused). */
  allow(...addresses: string[]): void {
    for (const address of addresses) this.#allowed.add(address);
  }

  /** These IP addresses may not connect. Ignored once any address is allowed. */
  deny(...addresses: string[]): void {
    for (const address of addresses) this.#denied.add(address);
  }

  /** PLAIN: the usernames and passwords accepted in a ZAP domain ("*" for every domain). */
  configurePlain(domain: string, passwords: Record<string, string>): void {
    this.#passwords.set(domain, new Map(Object.entries(passwords)));
  }

  /** CURVE: which client keys a ZAP domain ("*" for every domain) accepts. */
  configureCurve(domain: string, policy: CurvePolicy): void {
    if (policy === "any") this.#curve.set(domain, "any");
    else if ("publicKeys" in policy) this.#curve.set(domain, new Set(policy.publicKeys));
    else this.#curve.set(domain, new Set(loadPublicKeys(policy.directory)));
  }

  /** Starts answering libzmq's requests. The handler never keeps the process alive. */
  start(): void {
    if (this.#socket !== undefined) return;
    this.#socket = this.#context.socket(REP);
    this.#socket.setsockopt(native.constants.LINGER as number, 0);
    this.#socket.bind(ZAP_ENDPOINT);
    internalsOf(this.#socket).setKeepAlive(false);
    void this.#serve(this.#socket);
  }

  /** Stops answering; connections made afterwards are refused by libzmq. */
  stop(): void {
    this.#socket?.close();
    this.#socket = undefined;
  }

  async #serve(socket: Socket): Promise<void> {
    while (!socket.closed) {
      try {
        await socket.send(this.#answer(await socket.recvMultipart()));
      } catch (error) {
        // Ends with its socket or context; a caught signal (EINTR) does not stop it.
        if (isEndOfSocket(error)) return;
        if (!(error instanceof ZmqError && error.code === "EINTR")) throw error;
      }
    }
  }

  // ZAP request: version, request id, domain, address, identity, mechanism, credentials…
  #answer(frames: Buffer[]): string[] {
    const [version, requestId, domain, address, , mechanism, ...credentials] = frames.map(String);
    const reply = (status: string, text: string, userId = "") => [version, requestId, status, text, userId, ""];
    if (version !== "1.0") return reply("400", "unsupported ZAP version");
    if (this.#allowed.size > 0 ? !this.#allowed.has(address) : this.#denied.has(address)) {
      return reply("400", "address not allowed");
    }
    switch (mechanism) {
      case "NULL":
        return reply("200", "OK");
      case "PLAIN": {
        const [user, password] = credentials;
        const users = this.#passwords.get(domain) ?? this.#passwords.get("*");
        return users?.get(user) === password && users.has(user)
          ? reply("200", "OK", user)
          : reply("400", "wrong username or password");
      }
      case "CURVE": {
        // Any socket of the context can reach the ZAP endpoint and send anything: a request
        // without a 32-byte key is refused, not thrown on (that would end the handler and,
        // unhandled, the process).
        const credential = frames[6];
        if (credential?.length !== 32) return reply("400", "malformed CURVE request");
        const key = z85Encode(credential);
        const accepted = this.#curve.get(domain) ?? this.#curve.get("*");
        return accepted === "any" || accepted?.has(key)
          ? reply("200", "OK", key)
          : reply("400", "unknown public key");
      }
      default:
        return reply("400", `mechanism ${mechanism} not supported`);
    }
  }
}
