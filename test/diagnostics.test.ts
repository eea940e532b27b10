// Socket events on node:diagnostics_channel (lib/diagnostics.ts): each zmq-napi:* channel
// tells what it should, once, with the socket; with nobody subscribed nothing is published.
import diagnostics_channel from "node:diagnostics_channel";
import { afterEach, expect, test, vi } from "vitest";
import * as zmq from "zmq-napi";
import { useCompatSockets } from "./support/compat";
import { useTestContext } from "./support/context";
import { within } from "./support/fixture-process";
import { mandatoryRouter } from "./support/mandatory-router";

const t = useTestContext();
const compatSocket = useCompatSockets();
let count = 0;
const endpoint = () => `inproc://diagnostics-${++count}`;

const unsubscribes: (() => void)[] = [];
afterEach(() => {
  for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
});

// What `name` publishes from now until the end of the test.
function record<M>(name: string): M[] {
  const seen: M[] = [];
  const listener = (message: unknown) => seen.push(message as M);
  diagnostics_channel.subscribe(name, listener);
  unsubscribes.push(() => diagnostics_channel.unsubscribe(name, listener));
  return seen;
}

const { diagnosticsChannels: channels } = zmq;
const errorsOf = () => record<zmq.SocketErrorMessage>(channels.error);

test("the channel names are zmq-napi:socket:*", () => {
  expect(Object.values(channels).sort()).toEqual(
    ["bind", "close", "connect", "disconnect", "error", "open", "unbind"].map((name) => `zmq-napi:socket:${name}`),
  );
});

test("open: each socket made, with its type", () => {
  const opened = record<zmq.SocketOpenMessage>(channels.open);
  const push = t.socket(zmq.PUSH);
  const pull = t.socket(zmq.PULL);
  expect(opened).toEqual([
    { socket: push, type: zmq.PUSH },
    { socket: pull, type: zmq.PULL },
  ]);
});

test("bind: the endpoint asked for and the one bound, with the port chosen", () => {
  const bound = record<zmq.SocketEndpointMessage>(channels.bind);
  const pull = t.socket(zmq.PULL);
  pull.bind("tcp://127.0.0.1:*");
  expect(bound).toEqual([{ socket: pull, endpoint: "tcp://127.0.0.1:*", lastEndpoint: pull.lastEndpoint }]);
  expect(bound[0].lastEndpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
});

test("connect, disconnect and unbind: the endpoint, after success", () => {
  const connected = record<zmq.SocketEndpointMessage>(channels.connect);
  const disconnected = record<zmq.SocketEndpointMessage>(channels.disconnect);
  const unbound = record<zmq.SocketEndpointMessage>(channels.unbind);
  const pull = t.socket(zmq.PULL);
  const push = t.socket(zmq.PUSH);
  const address = endpoint();
  pull.bind(address);
  push.connect(address);
  expect(connected).toEqual([{ socket: push, endpoint: address }]);
  expect(disconnected).toEqual([]);
  push.disconnect(address);
  expect(disconnected).toEqual([{ socket: push, endpoint: address }]);
  pull.unbind(address);
  expect(unbound).toEqual([{ socket: pull, endpoint: address }]);
});

test("a zmq-napi/compat socket publishes as the zmq-napi socket it is built on", () => {
  const opened = record<zmq.SocketOpenMessage>(channels.open);
  const bound = record<zmq.SocketEndpointMessage>(channels.bind);
  const closed = record<zmq.SocketCloseMessage>(channels.close);
  const sock = compatSocket("pull");
  sock.bindSync("tcp://127.0.0.1:*");
  const lastEndpoint = sock.last_endpoint;
  sock.close();
  expect(opened).toHaveLength(1);
  const { socket } = opened[0];
  expect(socket).toBeInstanceOf(zmq.Socket);
  expect(socket.type).toBe(zmq.PULL);
  expect(bound).toEqual([{ socket, endpoint: "tcp://127.0.0.1:*", lastEndpoint }]);
  expect(closed).toEqual([{ socket }]);
});

test("close: once, at the first of two close() calls", () => {
  const closed = record<zmq.SocketCloseMessage>(channels.close);
  const push = t.socket(zmq.PUSH);
  push.close();
  push.close();
  expect(closed).toEqual([{ socket: push }]);
});

test("a failed bind or connect: on error with the endpoint, and not on its own channel", () => {
  const errors = errorsOf();
  const bound = record<zmq.SocketEndpointMessage>(channels.bind);
  const connected = record<zmq.SocketEndpointMessage>(channels.connect);
  const first = t.socket(zmq.PULL);
  first.bind("tcp://127.0.0.1:*");
  const taken = first.lastEndpoint;
  const second = t.socket(zmq.PULL);
  expect(() => second.bind(taken)).toThrow(expect.objectContaining({ code: "EADDRINUSE" }));
  expect(() => second.connect("nope://x")).toThrow(zmq.ZmqError);
  expect(errors).toEqual([
    { socket: second, operation: "bind", endpoint: taken, error: expect.objectContaining({ code: "EADDRINUSE" }) },
    { socket: second, operation: "connect", endpoint: "nope://x", error: expect.any(zmq.ZmqError) },
  ]);
  expect(bound.map((message) => message.socket)).toEqual([first]);
  expect(connected).toEqual([]);
});

test("a send that rejects: DONTWAIT where it would wait (EAGAIN), a REQ's second send (EFSM)", async () => {
  const errors = errorsOf();
  const push = t.socket(zmq.PUSH); // no peer: a send would wait
  const refused = push.send("x", zmq.DONTWAIT);
  await expect(refused).rejects.toMatchObject({ code: "EAGAIN" });

  const rep = t.socket(zmq.REP);
  const req = t.socket(zmq.REQ);
  rep.bind(endpoint());
  req.connect(rep.lastEndpoint);
  await req.send("one");
  await expect(req.send("two")).rejects.toMatchObject({ code: "EFSM" });

  expect(errors).toEqual([
    { socket: push, operation: "send", error: expect.objectContaining({ code: "EAGAIN" }) },
    { socket: req, operation: "send", error: expect.objectContaining({ code: "EFSM" }) },
  ]);
  expect(errors[0].error).toBe(await refused.catch((error: unknown) => error)); // the very error
});

test("a pending receive rejected by close: ENOTSOCK on error, then close; an iterator's end is no error", async () => {
  const errors = errorsOf();
  const closed = record<zmq.SocketCloseMessage>(channels.close);
  const pull = t.socket(zmq.PULL);
  pull.bind(endpoint());
  const waiting = pull.recv();
  const iterating = pull[Symbol.asyncIterator]().next();
  pull.close();
  await expect(waiting).rejects.toMatchObject({ code: "ENOTSOCK" });
  await expect(iterating).resolves.toEqual({ done: true, value: undefined });
  expect(errors).toEqual([{ socket: pull, operation: "receive", error: expect.objectContaining({ code: "ENOTSOCK" }) }]);
  expect(closed).toEqual([{ socket: pull }]);
});

test("pending operations ended by the context's shutdown: ETERM", async () => {
  const errors = errorsOf();
  const pull = t.socket(zmq.PULL);
  pull.bind(endpoint());
  const waiting = pull.recvMultipart();
  t.context.shutdown();
  await expect(within(waiting, "a receive at shutdown")).rejects.toMatchObject({ code: "ETERM" });
  expect(errors).toEqual([{ socket: pull, operation: "receive", error: expect.objectContaining({ code: "ETERM" }) }]);
});

test("a receive past RCVTIMEO and a send past SNDTIMEO: EAGAIN", async () => {
  const errors = errorsOf();
  const pull = t.socket(zmq.PULL);
  pull.setsockopt(zmq.RCVTIMEO, 20);
  pull.bind(endpoint());
  await expect(within(pull.recv(), "a timed receive")).rejects.toMatchObject({ code: "EAGAIN" });
  const push = t.socket(zmq.PUSH);
  push.setsockopt(zmq.SNDTIMEO, 20);
  await expect(within(push.sendMany(["a", "b"]), "a timed sendMany")).rejects.toMatchObject({ code: "EAGAIN" });
  expect(errors).toEqual([
    { socket: pull, operation: "receive", error: expect.objectContaining({ code: "EAGAIN" }) },
    { socket: push, operation: "send", error: expect.objectContaining({ code: "EAGAIN" }) },
  ]);
});

test("per-call bounds: an abort (the signal's reason), the call's own timeout (EAGAIN)", async () => {
  const errors = errorsOf();
  const pull = t.socket(zmq.PULL);
  pull.bind(endpoint());
  const controller = new AbortController();
  const waiting = pull.recv({ signal: controller.signal });
  const reason = new Error("no longer wanted");
  controller.abort(reason);
  await expect(waiting).rejects.toBe(reason);
  await expect(within(pull.recv({ timeout: 20 }), "a bounded receive")).rejects.toMatchObject({ code: "EAGAIN" });
  await expect(pull.recv({ signal: controller.signal })).rejects.toBe(reason); // aborted already
  expect(errors).toEqual([
    { socket: pull, operation: "receive", error: reason },
    { socket: pull, operation: "receive", error: expect.objectContaining({ code: "EAGAIN" }) },
    { socket: pull, operation: "receive", error: reason },
  ]);
});

test("the frames sent after a first frame that failed: each rejection told", async () => {
  const errors = errorsOf();
  const push = t.socket(zmq.PUSH); // no peer: a DONTWAIT send fails
  const first = push.send("a", zmq.SNDMORE | zmq.DONTWAIT);
  const last = push.send("b");
  await expect(first).rejects.toMatchObject({ code: "EAGAIN" });
  await expect(last).rejects.toMatchObject({ code: "EAGAIN" });
  expect(errors).toEqual([
    { socket: push, operation: "send", error: expect.objectContaining({ code: "EAGAIN" }) },
    { socket: push, operation: "send", error: expect.objectContaining({ code: "EAGAIN" }) },
  ]);
});

test("sendMany on a closed socket, sendSync and recvSync that throw", () => {
  const errors = errorsOf();
  const push = t.socket(zmq.PUSH);
  expect(() => push.sendSync("x", zmq.DONTWAIT)).toThrow(expect.objectContaining({ code: "EAGAIN" }));
  const pull = t.socket(zmq.PULL);
  expect(() => pull.recvSync({ timeout: 0 })).toThrow(expect.objectContaining({ code: "EAGAIN" }));
  push.close();
  const rejected = push.sendMany(["x"]);
  rejected.catch(() => {});
  expect(errors).toEqual([
    { socket: push, operation: "send", error: expect.objectContaining({ code: "EAGAIN" }) },
    { socket: pull, operation: "receive", error: expect.objectContaining({ code: "EAGAIN" }) },
    { socket: push, operation: "send", error: expect.objectContaining({ code: "ENOTSOCK" }) },
  ]);
});

test("argument errors are not published: they fail before anything is tried", () => {
  const errors = errorsOf();
  const push = t.socket(zmq.PUSH);
  expect(() => push.bind(42 as unknown as string)).toThrow(TypeError);
  expect(() => push.send(null as unknown as string)).toThrow(TypeError);
  expect(errors).toEqual([]);
});

test("with nobody subscribed, nothing is published", async () => {
  const calls: unknown[] = [];
  const listener = (message: unknown) => calls.push(message);
  for (const name of Object.values(channels)) {
    diagnostics_channel.subscribe(name, listener);
    diagnostics_channel.unsubscribe(name, listener);
    expect(diagnostics_channel.channel(name).hasSubscribers).toBe(false);
  }
  const pull = t.socket(zmq.PULL);
  const getsockopt = vi.spyOn(pull, "getsockopt");
  pull.bind("tcp://127.0.0.1:*");
  expect(getsockopt).not.toHaveBeenCalled(); // no message built: its lastEndpoint not read
  const push = t.socket(zmq.PUSH);
  push.connect(pull.lastEndpoint);
  await push.send("x");
  await pull.recv();
  await expect(pull.recv(zmq.DONTWAIT)).rejects.toMatchObject({ code: "EAGAIN" });
  expect(() => pull.bind(pull.lastEndpoint)).toThrow(zmq.ZmqError);
  push.disconnect(pull.lastEndpoint);
  pull.close();
  expect(calls).toEqual([]);
});

test("tearing a stream down is no error: its own cancelled receive or send is not published", async () => {
  const errors = errorsOf();
  const pull = t.socket(zmq.PULL);
  pull.bind(endpoint());
  const push = t.socket(zmq.PUSH);
  push.connect(pull.lastEndpoint);
  const readable = pull.readable({ close: false });
  readable.resume();
  await new Promise((resolve) => setImmediate(resolve)); // its receive waits
  readable.destroy();
  const lonely = t.socket(zmq.PUSH);
  lonely.bind(endpoint());
  const writable = lonely.writable({ close: false });
  writable.on("error", () => {});
  writable.write("waits");
  await new Promise((resolve) => setImmediate(resolve));
  writable.destroy();
  await pull.readableStream().cancel();
  expect(errors).toEqual([]);
  // A user's own signal is published as the reason it is.
  await expect(push.send("x", { signal: AbortSignal.abort("user's reason") })).rejects.toBe("user's reason");
  expect(errors).toEqual([{ socket: push, operation: "send", error: "user's reason" }]);
});

test("the library's own sockets (a monitor's reader, the ZAP handler) publish nothing", async () => {
  const opened = record<zmq.SocketOpenMessage>(channels.open);
  const connected = record<zmq.SocketEndpointMessage>(channels.connect);
  const bound = record<zmq.SocketEndpointMessage>(channels.bind);
  const closed = record<zmq.SocketCloseMessage>(channels.close);
  const pull = t.socket(zmq.PULL);
  const monitor = pull.monitor();
  const auth = new zmq.Authenticator(t.context);
  auth.stop();
  monitor.close();
  await within(new Promise((resolve) => monitor.once("end", resolve)), "the monitor's end");
  expect(opened.map(({ socket }) => socket)).toEqual([pull]);
  expect(connected).toEqual([]);
  expect(bound).toEqual([]);
  expect(closed).toEqual([]);
});

test("a subscriber's own send from within an error publish is no part of the message being dropped", async () => {
  const [router, dealer] = await mandatoryRouter(t, endpoint(), "known");
  let notice: Promise<void> | undefined;
  const listener = () => (notice ??= router.send(["known", "notice: a send failed"]));
  diagnostics_channel.subscribe(channels.error, listener);
  unsubscribes.push(() => diagnostics_channel.unsubscribe(channels.error, listener));
  const sends = [router.send("unknown", zmq.SNDMORE), router.send("known", zmq.SNDMORE), router.send("not for known")];
  const results = await Promise.allSettled(sends);
  expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
  await within(notice!, "the subscriber's send");
  expect((await within(dealer.recvMultipart(), "the notice")).map(String)).toEqual(["notice: a send failed"]);
});
