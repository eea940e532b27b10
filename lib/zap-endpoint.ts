// A context's ZAP endpoint (inproc://zeromq.zap.01, ZeroMQ RFC 27), where libzmq asks
// whether to accept each new connection. libzmq 4.3 accepts CURVE and PLAIN peers, and NULL
// ones of a socket with a ZAP_DOMAIN, from anyone when nothing is bound there. So once an
// Authenticator has started in a context, the endpoint stays bound until the context ends:
// while no Authenticator runs it refuses every request. One socket holds it throughout and
// answers for whichever Authenticator runs; handing it over by unbinding and binding again
// would leave an instant with nothing bound, when libzmq would let anyone in.
import type { Context } from "./context";
import { internalSocket } from "./diagnostics";
import { isEndOfSocket, ZmqError, zmqError } from "./errors";
import { native } from "./native";
import { internalsOf } from "./engine/registry";
import type { Socket } from "./socket";

const ZAP_ENDPOINT = "inproc://zeromq.zap.01";
const { REP, LINGER } = native.constants as Record<string, number>;

/** What an Authenticator is asked about one connection. */
export interface ZapRequest {
  domain: string;
  /** The peer's IP address as libzmq reports it (empty for ipc and inproc). */
  address: string;
  mechanism: string;
  /** The mechanism's credentials: PLAIN username and password, CURVE public key. */
  credentials: Buffer[];
}

/** Its answer: 200 accepts, 400 refuses; userId names an accepted peer. */
export interface ZapVerdict {
  status: "200" | "400";
  text: string;
  userId?: string;
}

export type ZapDecider = (request: ZapRequest) => ZapVerdict;

const NONE_RUNNING: ZapVerdict = { status: "400", text: "no Authenticator running" };

const endpoints = new WeakMap<Context, ZapEndpoint>();

/**
 * The ZAP endpoint of `context` in this thread, bound now if it was not. Throws as bind
 * does (EADDRINUSE when another ZAP handler, or another thread's endpoint, has it; ETERM).
 */
export function zapEndpointOf(context: Context): ZapEndpoint {
  let endpoint = endpoints.get(context);
  if (endpoint === undefined || endpoint.ended) {
    endpoint = new ZapEndpoint(context);
    endpoints.set(context, endpoint);
  }
  return endpoint;
}

export class ZapEndpoint {
  readonly #socket: Socket;
  #owner: object | undefined;
  #decide: ZapDecider = () => NONE_RUNNING;

  constructor(context: Context) {
    const socket = internalSocket(() => context.socket(REP));
    try {
      socket.setsockopt(LINGER, 0);
      socket.bind(ZAP_ENDPOINT);
    } catch (error) {
      socket.close();
      throw error;
    }
    // Waiting for requests never keeps the process alive, whoever answers them.
    internalsOf(socket).setKeepAlive(false);
    this.#socket = socket;
    void this.#serve();
  }

  /** True once the context ended (or the process is exiting): the endpoint is gone. */
  get ended(): boolean {
    return this.#socket.closed;
  }

  /** From now on `owner` decides. Throws EADDRINUSE while another owner does. */
  serve(owner: object, decide: ZapDecider): void {
    if (this.#owner !== undefined && this.#owner !== owner) {
      throw zmqError("EADDRINUSE", "another Authenticator is running on this context: stop it first");
    }
    this.#owner = owner;
    this.#decide = decide;
  }

  /** From now on every request is refused, if `owner` was the one deciding. */
  refuse(owner: object): void {
    if (this.#owner !== owner) return;
    this.#owner = undefined;
    this.#decide = () => NONE_RUNNING;
  }

  async #serve(): Promise<void> {
    const socket = this.#socket;
    while (!socket.closed) {
      try {
        await socket.send(this.#reply(await socket.recvMultipart()));
      } catch (error) {
        // Ends with its context; closed, so that the context's term() can complete. A
        // caught signal (EINTR) does not stop it.
        if (isEndOfSocket(error)) return socket.close();
        if (!(error instanceof ZmqError && error.code === "EINTR")) throw error;
      }
    }
  }

  // Request: version, request id, domain, address, identity, mechanism, credentials…
  // Reply: version, request id, status, status text, user id, metadata.
  #reply(frames: Buffer[]): string[] {
    // Missing frames read as empty: any socket of the context can send anything here.
    const [version = "", requestId = "", domain = "", address = "", , mechanism = ""] = frames.map(String);
    const verdict: ZapVerdict =
      version === "1.0"
        ? this.#decide({ domain, address, mechanism, credentials: frames.slice(6) })
        : { status: "400", text: "unsupported ZAP version" };
    return [version, requestId, verdict.status, verdict.text, verdict.userId ?? "", ""];
  }
}
