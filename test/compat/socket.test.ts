// The socket's life: bind/unbind with callbacks and events, the Sync forms, connect and
// disconnect, close(). Errors carry zmq_strerror's text and zmq-napi's code and errno.
import { constants } from "node:os";
import { expect, test } from "vitest";
import { inproc, next, nextMessage, useCompatSockets } from "../support/compat";

const socket = useCompatSockets();

test("bind(addr, cb) is asynchronous: 'bind' then cb(), never within the call", async () => {
  const sock = socket("rep");
  const order: string[] = [];
  const endpoint = inproc();
  const done = new Promise<void>((resolve) => {
    sock.on("bind", (address: string) => order.push(`bind ${address}`));
    expect(
      sock.bind(endpoint, (error) => {
        order.push(`cb ${error}`);
        resolve();
      }),
    ).toBe(sock);
  });
  expect(order).toEqual([]);
  await done;
  expect(order).toEqual([`bind ${endpoint}`, "cb undefined"]);
});

test("a failed bind calls cb(err) (zmq_strerror's text, code, errno) or emits 'error'", async () => {
  const first = socket("pull").bindSync("tcp://127.0.0.1:*");
  const taken = first.last_endpoint as string;
  const second = socket("pull");
  let bound = false;
  second.on("bind", () => (bound = true));
  const error = await new Promise<Error | undefined>((resolve) => second.bind(taken, resolve));
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({
    message: "Address already in use",
    code: "EADDRINUSE",
    errno: constants.errno.EADDRINUSE,
  });
  expect(bound).toBe(false);
  const emitted = next(second, "error");
  second.bind(taken);
  expect((await emitted)[0]).toMatchObject({ code: "EADDRINUSE" });
});

test("bindSync, connect and disconnect return the socket; bindSync throws a failure", () => {
  const sock = socket("pull");
  expect(sock.bindSync("tcp://127.0.0.1:*")).toBe(sock);
  expect(() => socket("pull").bindSync(sock.last_endpoint as string)).toThrow("Address already in use");
  const peer = socket("push");
  expect(peer.connect(sock.last_endpoint as string)).toBe(peer);
  expect(peer.disconnect(sock.last_endpoint as string)).toBe(peer);
});

test("unbind(addr, cb) emits 'unbind' and frees the endpoint; unbindSync too", async () => {
  const sock = socket("pull");
  const endpoint = inproc();
  sock.bindSync(endpoint);
  const unbound = next(sock, "unbind");
  const called = new Promise((resolve) => sock.unbind(endpoint, resolve));
  expect(await unbound).toEqual([endpoint]);
  expect(await called).toBeUndefined();
  const again = socket("pull").bindSync(endpoint); // free again
  expect(again.unbindSync(endpoint)).toBe(again);
  socket("pull").bindSync(endpoint);
});

test("close() closes; a second close() throws", () => {
  const sock = socket("dealer").bindSync(inproc());
  expect(sock.closed).toBe(false);
  expect(sock.close()).toBe(sock);
  expect(sock.closed).toBe(true);
  expect(() => sock.close()).toThrow("Socket operation on non-socket");
});

test("messages sent right before close() arrive", async () => {
  const endpoint = inproc();
  const pull = socket("pull").bindSync(endpoint);
  const push = socket("push").connect(endpoint);
  push.send("last words");
  push.close();
  expect(await nextMessage(pull)).toEqual(["last words"]);
});

test("close() closes even when a send callback it runs throws", async () => {
  const endpoint = inproc();
  const pull = socket("pull").bindSync(endpoint);
  const push = socket("push").connect(endpoint);
  push.pause(); // held: close() hands it to libzmq, and calls its callback
  push.send("held", 0, () => {
    throw new Error("the callback failed");
  });
  expect(() => push.close()).toThrow("the callback failed");
  expect(push.closed).toBe(true);
  expect(() => push.close()).toThrow("Socket operation on non-socket");
  expect(await nextMessage(pull)).toEqual(["held"]);
});
