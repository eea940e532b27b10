// A ZAP handler (ZeroMQ RFC 27) on zmq-napi itself: the authenticator libzmq asks, over
// the context's ZAP endpoint (lib/zap-endpoint.ts), whether to accept each new connection.
import "./disposal";
import { Context } from "./context";
import { z85Encode } from "./library";
import { loadPublicKeys } from "./certificates";
import { canonicalAddress } from "./ip-address";
import { zapEndpointOf, type ZapEndpoint, type ZapRequest, type ZapVerdict } from "./zap-endpoint";

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
  #endpoint: ZapEndpoint | undefined; // where it last started

  constructor(context: Context) {
    if (!(context instanceof Context)) throw new TypeError("Authenticator takes a zmq Context");
    this.#context = context;
  }

  /** Only these IP addresses may connect (all others are refused). */
  allow(...addresses: string[]): void {
    for (const address of addresses) this.#allowed.add(canonicalAddress(address));
  }

  /** These IP addresses may not connect. Ignored once any address is allowed. */
  deny(...addresses: string[]): void {
    for (const address of addresses) this.#denied.add(canonicalAddress(address));
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

  /**
   * Starts answering libzmq's requests. Throws EADDRINUSE while another Authenticator runs
   * on the context (stop that one first). The handler never keeps the process alive.
   */
  start(): void {
    const endpoint = zapEndpointOf(this.#context);
    endpoint.serve(this, (request) => this.#decide(request));
    this.#endpoint = endpoint;
  }

  /**
   * Stops answering. Until an Authenticator starts again on the context, its CURVE and
   * PLAIN servers, and NULL ones with a ZAP_DOMAIN, refuse every peer.
   */
  stop(): void {
    this.#endpoint?.refuse(this);
  }

  /**
   * `using auth = new zmq.Authenticator(ctx)`: it stops answering when the scope ends, as by
   * `stop()` (its servers then refuse every peer, as they do before `start()`).
   */
  [Symbol.dispose](): void {
    this.stop();
  }

  #decide({ domain, address, mechanism, credentials }: ZapRequest): ZapVerdict {
    const refuse = (text: string): ZapVerdict => ({ status: "400", text });
    const peer = canonicalAddress(address);
    if (this.#allowed.size > 0 ? !this.#allowed.has(peer) : this.#denied.has(peer)) {
      return refuse("address not allowed");
    }
    switch (mechanism) {
      case "NULL":
        return { status: "200", text: "OK" };
      case "PLAIN": {
        const [user, password] = credentials.map(String);
        const users = this.#passwords.get(domain) ?? this.#passwords.get("*");
        return users?.get(user) === password && users.has(user)
          ? { status: "200", text: "OK", userId: user }
          : refuse("wrong username or password");
      }
      case "CURVE": {
        // Any socket of the context can reach the ZAP endpoint and send anything: a request
        // without a 32-byte key is refused, not thrown on (that would end the handler and,
        // unhandled, the process).
        const [credential] = credentials;
        if (credential?.length !== 32) return refuse("malformed CURVE request");
        const key = z85Encode(credential);
        const accepted = this.#curve.get(domain) ?? this.#curve.get("*");
        return accepted === "any" || accepted?.has(key)
          ? { status: "200", text: "OK", userId: key }
          : refuse("unknown public key");
      }
      default:
        return refuse(`mechanism ${mechanism} not supported`);
    }
  }
}
