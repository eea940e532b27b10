// A ZMTP 3.0 peer written on node:net, for tests that need to send what no libzmq socket
// would: the NULL mechanism's greeting and READY, then frames of any size as they are.
import { connect, type Socket } from "node:net";

// Long enough for any one step on a loaded machine. (This file is also used by fixtures,
// outside vitest, so it does not take fixture-process.ts's `within`.)
const STEP_MS = 5000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${STEP_MS} ms`)), STEP_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const GREETING_BYTES = 64;
const FLAG_LONG = 0x02;
const FLAG_COMMAND = 0x04;

/** The greeting: signature, version 3.0, mechanism NULL, not as-server, filler. */
function greeting(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0]),
    Buffer.from("NULL".padEnd(20, "\0")),
    Buffer.alloc(32),
  ]);
}

/** One frame with its flags and size (one byte, or eight for a long frame). */
export function frame(body: Buffer, flags = 0): Buffer {
  if (body.length <= 255) return Buffer.concat([Buffer.from([flags, body.length]), body]);
  const head = Buffer.alloc(9);
  head[0] = flags | FLAG_LONG;
  head.writeBigUInt64BE(BigInt(body.length), 1);
  return Buffer.concat([head, body]);
}

/** One metadata property as READY carries it: name length, name, value length, value. */
function property(name: string, value: string): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(Buffer.byteLength(value));
  return Buffer.concat([Buffer.from([name.length]), Buffer.from(name), size, Buffer.from(value)]);
}

/** The READY command: which socket type this peer is, and any other properties it claims. */
function ready(socketType: string, properties: Record<string, string>): Buffer {
  const claims = Object.entries(properties).map(([name, value]) => property(name, value));
  const body = Buffer.concat([Buffer.from([5]), Buffer.from("READY"), property("Socket-Type", socketType), ...claims]);
  return frame(body, FLAG_COMMAND);
}

/** A subscription message as ZMTP 3.0 carries it: 1 (or 0 to cancel), then the topic. */
export function subscription(topic: Buffer, subscribe = true): Buffer {
  return frame(Buffer.concat([Buffer.from([subscribe ? 1 : 0]), topic]));
}

export interface ZmtpPeer {
  /** Writes raw bytes (whole frames, or anything). */
  write(bytes: Buffer): void;
  /** Writes raw bytes, resolving once the connection takes more (for gigabytes of them). */
  writePaced(bytes: Buffer): Promise<void>;
  /** The next message frame's body (commands are skipped). */
  nextFrame(what: string): Promise<Buffer>;
  /**
   * Resolves once the other end's READY has come: its handshake is done (after ZAP, where
   * it asks), and frames written now are read as messages. Written before, libzmq 4.3.4 may
   * drop them while it waits for its ZAP handler.
   */
  handshaken(): Promise<void>;
  /** Ends this side of the connection (the other end then closes it). */
  end(): void;
  /** Resolves once the connection is closed. */
  readonly closed: Promise<void>;
  destroy(): void;
}

/**
 * Connects to `endpoint` (tcp://127.0.0.1:port) as a `socketType` peer, with `properties`
 * in its READY besides Socket-Type, and resolves once the other end's greeting has come, so
 * that what is written next is read as frames.
 */
export async function connectZmtp(
  endpoint: string,
  socketType: string,
  properties: Record<string, string> = {},
): Promise<ZmtpPeer> {
  const { port } = new URL(endpoint.replace(/^tcp:/, "http:"));
  const socket: Socket = connect(Number(port), "127.0.0.1");
  socket.on("error", () => undefined); // a reset is one way for the other end to drop us
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  let input = Buffer.alloc(0);
  const waiters = new Set<() => void>();
  socket.on("data", (chunk: Buffer) => {
    input = Buffer.concat([input, chunk]);
    for (const wake of [...waiters]) wake();
  });
  const until = <T>(look: () => T | undefined, what: string) =>
    within(
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = look();
          if (found !== undefined) {
            waiters.delete(check);
            resolve(found);
          } else if (socket.destroyed) {
            waiters.delete(check);
            reject(new Error(`${what}: the connection closed`));
          }
        };
        waiters.add(check);
        socket.once("close", check);
        check();
      }),
      what,
    );
  // The next whole frame [flags, body], taken off the input.
  const takeFrame = (): [number, Buffer] | undefined => {
    if (input.length < 2) return undefined;
    const long = (input[0] & FLAG_LONG) !== 0;
    const headBytes = long ? 9 : 2;
    if (input.length < headBytes) return undefined;
    const size = long ? Number(input.readBigUInt64BE(1)) : input[1];
    if (input.length < headBytes + size) return undefined;
    const taken: [number, Buffer] = [input[0], input.subarray(headBytes, headBytes + size)];
    input = input.subarray(headBytes + size);
    return taken;
  };

  socket.write(Buffer.concat([greeting(), ready(socketType, properties)]));
  await until(() => (input.length >= GREETING_BYTES ? true : undefined), "the other end's greeting");
  input = input.subarray(GREETING_BYTES);
  return {
    write: (bytes) => socket.write(bytes),
    writePaced: (bytes) =>
      socket.write(bytes) ? Promise.resolve() : new Promise((resolve) => socket.once("drain", () => resolve())),
    nextFrame: async (what) => {
      for (;;) {
        const [flags, body] = await until(takeFrame, what);
        if ((flags & FLAG_COMMAND) === 0) return body;
      }
    },
    handshaken: async () => {
      for (;;) {
        const [flags, body] = await until(takeFrame, "the other end's READY");
        if ((flags & FLAG_COMMAND) !== 0 && body.subarray(1, 1 + body[0]).toString() === "READY") return;
      }
    },
    end: () => socket.end(),
    closed,
    destroy: () => socket.destroy(),
  };
}
