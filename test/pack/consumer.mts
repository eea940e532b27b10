// A user's ESM program against the installed tarball (scripts/pack-test.sh): a PUSH/PULL
// round trip over loopback, type-checked with the package's own declarations. Each
// expected type error below fails the compile if the types resolved to `any` instead.
import * as zmq from "zmq-napi";
import compat from "zmq-napi/compat";
import { once } from "node:events";
import { createRequire } from "node:module";
import { requireWorks } from "./require.cjs";

// @ts-expect-error: socket types are numbers
const wrong: string = zmq.PUSH;
void wrong;

// The typed options, from the shipped declarations (never called: type-checked only).
export function typedOptions(sock: zmq.Socket): number {
  // @ts-expect-error: TYPE is read-only
  sock.setsockopt(zmq.TYPE, 1);
  sock.setsockopt(zmq.ROUTING_ID, "peer");
  return sock.getsockopt(zmq.RCVHWM);
}

const context = new zmq.Context();
const pull = context.socket(zmq.PULL);
const push = context.socket(zmq.PUSH);
pull.bind("tcp://127.0.0.1:*");
push.connect(pull.lastEndpoint);
await push.send("hello from the tarball", { signal: AbortSignal.timeout(10_000) });
const reply: Buffer = await pull.recv({ timeout: 10_000 });
// The streams' types resolve without the DOM lib: Web Streams and AbortSignal are @types/node's.
export function streams(sock: zmq.Socket): [ReadableStream<Buffer[]>, WritableStream<zmq.MessageLike>] {
  sock.readable().destroy();
  return [sock.readableStream({ close: false }), sock.writableStream()];
}
// Disposal by its symbols, typed for a consumer whose lib lacks esnext.disposable (this one:
// ES2022 and @types/node), as `using` and `await using` call them.
push[Symbol.dispose]();
pull[Symbol.dispose]();
await context[Symbol.asyncDispose]();
if (!push.closed || !context.terminated) throw new Error("disposal did not close");
if (reply.toString() !== "hello from the tarball") throw new Error(`round trip got "${reply}"`);

// import and require reach one implementation, not two copies of the library.
const required = createRequire(import.meta.url)("zmq-napi") as typeof zmq;
if (required.Socket !== zmq.Socket || !requireWorks()) throw new Error("require differs");
// The legacy API's entry (zmq-napi/compat), from the tarball too: one object both ways.
const requiredCompat = createRequire(import.meta.url)("zmq-napi/compat") as typeof compat;
if (requiredCompat !== compat || compat.version !== zmq.version().join(".")) throw new Error("compat differs");
const legacyPull = compat.socket("pull");
const legacyPush = compat.socket("push");
legacyPull.bindSync("inproc://pack-compat");
legacyPush.connect("inproc://pack-compat");
legacyPush.send("legacy");
const [legacy] = (await once(legacyPull, "message")) as [Buffer];
legacyPush.close();
legacyPull.close();
if (legacy.toString() !== "legacy") throw new Error(`compat round trip got "${legacy}"`);
console.log(`round trip ok: libzmq ${zmq.version().join(".")}, ESM and CommonJS, and zmq-napi/compat`);
