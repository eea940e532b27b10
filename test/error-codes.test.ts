import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";

const t = useTestContext();

function thrown(fn: () => unknown): zmq.ZmqError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(zmq.ZmqError);
    return error as zmq.ZmqError;
  }
  throw new Error("expected a ZmqError");
}

describe("errors carry libzmq's codes", () => {
  test("EADDRINUSE with the address, errno and zmq_strerror's text", () => {
    const first = t.socket(zmq.PULL);
    first.bind("tcp://127.0.0.1:*");
    const error = thrown(() => t.socket(zmq.PULL).bind(first.lastEndpoint));
    expect(error.code).toBe("EADDRINUSE");
    expect(error.address).toBe(first.lastEndpoint);
    expect(typeof error.errno).toBe("number");
    expect(error.message).toMatch(/in use/i);
  });

  test.each([
    ["nonsense", "EINVAL"],
    ["foo://bar", "EPROTONOSUPPORT"],
  ])("connect(%s) fails with %s", (endpoint, code) => {
    const error = thrown(() => t.socket(zmq.PUSH).connect(endpoint));
    expect(error.code).toBe(code);
    expect(error.address).toBe(endpoint);
  });

  test("EFSM for a REQ that receives before it sends", async () => {
    await expect(t.socket(zmq.REQ).recv()).rejects.toMatchObject({ code: "EFSM" });
  });

  test("EAGAIN for DONTWAIT with nothing to receive", async () => {
    const sock = t.socket(zmq.PULL);
    sock.bind("inproc://eagain");
    await expect(sock.recv(zmq.DONTWAIT)).rejects.toMatchObject({ code: "EAGAIN" });
    expect(sock.tryRecv()).toBeNull();
  });

  test("EINVAL for an unknown socket type", () => {
    expect(thrown(() => t.context.socket(999)).code).toBe("EINVAL");
  });

  test("ETERM after the context is shut down", async () => {
    const sock = t.socket(zmq.PULL);
    t.context.shutdown();
    await expect(sock.recv()).rejects.toMatchObject({ code: "ETERM" });
    expect(thrown(() => sock.bind("inproc://late")).code).toBe("ETERM");
  });

  test("socket() in a terminated context is ETERM", async () => {
    const ctx = new zmq.Context();
    await ctx.term();
    expect(thrown(() => ctx.socket(zmq.PUB)).code).toBe("ETERM");
  });

  test("every method of a closed socket throws ENOTSOCK; close is idempotent", async () => {
    const sock = t.socket(zmq.DEALER);
    sock.close();
    sock.close();
    for (const call of [
      () => sock.bind("inproc://x"),
      () => sock.connect("inproc://x"),
      () => sock.getsockopt(zmq.LINGER),
      () => sock.setsockopt(zmq.LINGER, 0),
      () => sock.trySend("x"),
      () => sock.tryRecv(),
    ]) {
      expect(thrown(call).code).toBe("ENOTSOCK");
    }
    await expect(sock.send("x")).rejects.toMatchObject({ code: "ENOTSOCK" });
    await expect(sock.recv()).rejects.toMatchObject({ code: "ENOTSOCK" });
  });
});

describe("wrong arguments fail before libzmq sees them", () => {
  const sock = () => t.socket(zmq.DEALER);
  const any = (value: unknown) => value as never;
  test.each([
    ["bind(5)", () => sock().bind(any(5)), TypeError],
    ["bind with NUL", () => sock().bind("inproc://a\0b"), TypeError],
    ["send(undefined)", () => sock().send(any(undefined)), TypeError],
    ["send([])", () => sock().send([]), TypeError],
    ["send({})", () => sock().send(any({})), TypeError],
    ["send([Buffer, 5])", () => sock().send(any([Buffer.from("a"), 5])), TypeError],
    ["send(x, 'flags')", () => sock().send("x", any("flags")), TypeError],
    ["recv('x')", () => sock().recv(any("x")), TypeError],
    ["recvMany(0)", () => sock().recvMany(0), RangeError],
    ["new Context(-1)", () => new zmq.Context(-1), RangeError],
    ["new Context('2')", () => new zmq.Context(any("2")), TypeError],
    ["socket('PUSH')", () => t.context.socket(any("PUSH")), TypeError],
    ["new Message({})", () => new zmq.Message(any({})), TypeError],
    ["new Message(-1)", () => new zmq.Message(-1), RangeError],
    ["z85Decode('abc')", () => zmq.z85Decode("abc"), RangeError],
    ["z85Encode(3 bytes)", () => zmq.z85Encode(Buffer.alloc(3)), RangeError],
    ["poll(null)", () => zmq.poll(any(null)), TypeError],
    ["Context.attach({})", () => zmq.Context.attach(any({})), TypeError],
  ])("%s", (_, call, errorClass) => {
    expect(call).toThrow(errorClass);
  });
});
