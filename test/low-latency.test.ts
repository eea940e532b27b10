// The opt-in low-latency mode (lib/engine/sync.ts, native/socket_sync.cc): recvSync,
// recvMultipartSync and sendSync block the calling thread in libzmq, bounded by
// RCVTIMEO/SNDTIMEO or a timeout of their own, take the read-ahead first and never overtake
// pending async operations.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { internalsOf } from "../lib/engine/registry";
import { useTestContext } from "./support/context";
import { nextMessage, runFixture, startWorker, within, workerExit } from "./support/fixture-process";

/** The ZmqError code `call` throws (it must throw one). */
function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(zmq.ZmqError);
    return (error as zmq.ZmqError).code;
  }
  throw new Error("expected a ZmqError, nothing was thrown");
}

describe("recvSync", () => {
  const t = useTestContext();
  let endpoints = 0;

  // Over inproc a resolved send is already in the receiver's pipe. RCVTIMEO bounds every
  // blocking receive here, so that a receive looking in the wrong place fails, not hangs.
  function pushPull(): { push: zmq.Socket; pull: zmq.Socket } {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.setsockopt(zmq.RCVTIMEO, 2000);
    const at = `inproc://low-latency-${++endpoints}`;
    pull.bind(at);
    push.connect(at);
    return { push, pull };
  }

  test("gets a message sent before it", async () => {
    const { push, pull } = pushPull();
    await push.send("hello");
    expect(pull.recvSync().toString()).toBe("hello");
    expect(pull.more).toBe(false);
  });

  test("takes the messages an async receive read ahead first, in order", async () => {
    const { push, pull } = pushPull();
    for (let i = 0; i < 6; i++) await push.send(`m${i}`);
    expect((await pull.recv()).toString()).toBe("m0");
    // The rest were read ahead:
    expect(internalsOf(pull as unknown as Parameters<typeof internalsOf>[0]).heldMessages()).toBe(5);
    const rest = Array.from({ length: 5 }, () => pull.recvSync().toString());
    expect(rest).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(codeOf(() => pull.recvSync({ timeout: 0 }))).toBe("EAGAIN");
  });

  test("frame by frame keeps sock.more right, from the read-ahead and from libzmq", async () => {
    const { push, pull } = pushPull();
    await push.send(["a1", "a2", "a3"]);
    await push.send(["b1", "b2"]);
    expect((await pull.recv()).toString()).toBe("a1"); // reads b ahead too
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push(`${pull.recvSync().toString()}:${pull.more}`);
    expect(seen).toEqual(["a2:true", "a3:false", "b1:true", "b2:false"]);
    await push.send(["c1", "c2"]); // nothing held now: from libzmq
    expect(`${pull.recvSync().toString()}:${pull.more}`).toBe("c1:true");
    expect(`${pull.recvSync().toString()}:${pull.more}`).toBe("c2:false");
  });

  test("recvMultipartSync takes a whole message, or the rest of one begun", async () => {
    const { push, pull } = pushPull();
    await push.send(["x", "y", "z"]);
    await push.send(["p", "q"]);
    await push.send("last");
    expect(pull.recvMultipartSync().map(String)).toEqual(["x", "y", "z"]);
    expect(pull.recvSync().toString()).toBe("p");
    expect(pull.recvMultipartSync().map(String)).toEqual(["q"]);
    expect(pull.more).toBe(false);
    expect(pull.recvMultipartSync().map(String)).toEqual(["last"]);
    await push.send(["r", "s"]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["r", "s"]);
  });

  test("RCVTIMEO and a timeout of its own end a wait with EAGAIN; the timeout leaves RCVTIMEO as it was", () => {
    const { pull } = pushPull();
    pull.setsockopt(zmq.RCVTIMEO, 30);
    expect(codeOf(() => pull.recvSync())).toBe("EAGAIN");
    pull.setsockopt(zmq.RCVTIMEO, -1); // a timeout per call bounds it even so
    expect(codeOf(() => pull.recvSync({ timeout: 30 }))).toBe("EAGAIN");
    expect(codeOf(() => pull.recvMultipartSync({ timeout: 0 }))).toBe("EAGAIN");
    expect(pull.getsockopt(zmq.RCVTIMEO)).toBe(-1);
  });

  test("with DONTWAIT, a frame if one is waiting, else EAGAIN at once", async () => {
    const { push, pull } = pushPull();
    pull.setsockopt(zmq.RCVTIMEO, -1); // DONTWAIT, not RCVTIMEO, must end the call
    expect(codeOf(() => pull.recvSync(zmq.DONTWAIT))).toBe("EAGAIN");
    await push.send("ready");
    expect(pull.recvSync({ flags: zmq.DONTWAIT }).toString()).toBe("ready");
    expect(codeOf(() => pull.recvSync({ flags: zmq.DONTWAIT }))).toBe("EAGAIN");
  });

  test("never overtakes a pending recv(): it throws EBUSY, and the recv still gets the message", async () => {
    const { push, pull } = pushPull();
    const pending = pull.recv();
    expect(codeOf(() => pull.recvSync())).toBe("EBUSY");
    expect(codeOf(() => pull.recvMultipartSync({ timeout: 0 }))).toBe("EBUSY");
    await push.send("first");
    expect((await within(pending, "the pending recv")).toString()).toBe("first");
    await push.send("second");
    expect(pull.recvSync().toString()).toBe("second");
  });

  test("on a closed socket, ENOTSOCK", () => {
    const { pull } = pushPull();
    pull.close();
    expect(codeOf(() => pull.recvSync())).toBe("ENOTSOCK");
    expect(codeOf(() => pull.recvMultipartSync())).toBe("ENOTSOCK");
  });

  test("bad arguments are TypeErrors and RangeErrors", () => {
    const { pull } = pushPull();
    const recvSync = pull.recvSync.bind(pull) as (options?: unknown) => Buffer;
    expect(() => recvSync("1")).toThrow(TypeError);
    expect(() => recvSync(null)).toThrow(TypeError);
    expect(() => recvSync({ flags: "1" })).toThrow(TypeError);
    expect(() => recvSync({ timeout: "1" })).toThrow(TypeError);
    expect(() => recvSync({ timeout: -2 })).toThrow(RangeError);
    expect(() => recvSync({ timeout: 1.5 })).toThrow(RangeError);
    expect(() => recvSync(0.5)).toThrow(RangeError);
  });
});

describe("sendSync", () => {
  const t = useTestContext();
  let endpoints = 0;

  test("sends to a peer over tcp: frames of every kind, multipart, a Message", () => {
    const rep = t.socket(zmq.REP);
    const req = t.socket(zmq.REQ);
    rep.setsockopt(zmq.RCVTIMEO, 5000);
    req.setsockopt(zmq.RCVTIMEO, 5000);
    rep.bind("tcp://127.0.0.1:*");
    req.connect(rep.lastEndpoint);
    req.sendSync(["text", Buffer.from("buf"), new Uint8Array([1, 2]), new ArrayBuffer(3)]);
    expect(rep.recvMultipartSync().map((frame) => frame.length)).toEqual([4, 3, 2, 3]);
    rep.sendSync(new zmq.Message("reply"));
    expect(req.recvSync().toString()).toBe("reply");
    req.sendSync("a", zmq.SNDMORE);
    req.sendSync("b");
    expect(rep.recvMultipartSync().map(String)).toEqual(["a", "b"]);
  });

  test("at the high-water mark, SNDTIMEO or a timeout of its own end the wait with EAGAIN", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    push.setsockopt(zmq.SNDHWM, 1);
    pull.setsockopt(zmq.RCVHWM, 1);
    const at = `inproc://low-latency-send-${++endpoints}`;
    pull.bind(at);
    push.connect(at);
    let queued = 0;
    while (push.trySend("fill")) queued++;
    push.setsockopt(zmq.SNDTIMEO, 30);
    expect(codeOf(() => push.sendSync("more"))).toBe("EAGAIN");
    push.setsockopt(zmq.SNDTIMEO, -1);
    expect(codeOf(() => push.sendSync("more", { timeout: 30 }))).toBe("EAGAIN");
    expect(codeOf(() => push.sendSync("more", zmq.DONTWAIT))).toBe("EAGAIN");
    expect(push.getsockopt(zmq.SNDTIMEO)).toBe(-1);
    const received = [(await pull.recv()).toString()]; // room again
    push.sendSync("more", { timeout: 2000 });
    while (received.length < queued + 1) received.push((await within(pull.recv(), "a queued message")).toString());
    expect(received).toEqual([...Array<string>(queued).fill("fill"), "more"]);
  });

  test("never overtakes a pending send(): it throws EBUSY; the send goes first", async () => {
    const push = t.socket(zmq.PUSH);
    push.bind(`inproc://low-latency-send-${++endpoints}`); // no peer: a send waits
    const pending = push.send("first");
    expect(codeOf(() => push.sendSync("second", { timeout: 0 }))).toBe("EBUSY");
    const pull = t.socket(zmq.PULL);
    pull.connect(push.lastEndpoint);
    await within(pending, "the pending send");
    push.sendSync("second");
    expect(pull.recvSync({ timeout: 2000 }).toString()).toBe("first");
    expect(pull.recvSync({ timeout: 2000 }).toString()).toBe("second");
  });

  test("a blocking call serves the async operations pending the other way", async () => {
    const { push, pull } = { push: t.socket(zmq.PAIR), pull: t.socket(zmq.PAIR) };
    const at = `inproc://low-latency-pair-${++endpoints}`;
    pull.bind(at);
    push.connect(at);
    const reply = push.recv(); // pending on one side
    pull.sendSync("to the pending recv");
    push.sendSync("to recvSync");
    expect(pull.recvSync({ timeout: 2000 }).toString()).toBe("to recvSync");
    expect((await within(reply, "the pending recv")).toString()).toBe("to the pending recv");
  });

  test("on a closed socket ENOTSOCK; bad frames and options are TypeErrors and RangeErrors", () => {
    const push = t.socket(zmq.PUSH);
    const sendSync = push.sendSync.bind(push) as (data: unknown, options?: unknown) => void;
    expect(() => sendSync(null)).toThrow(TypeError);
    expect(() => sendSync([])).toThrow(TypeError);
    expect(() => sendSync([Buffer.from("a"), 5])).toThrow(TypeError);
    expect(() => sendSync("a", "0")).toThrow(TypeError);
    expect(() => sendSync("a", { timeout: -3 })).toThrow(RangeError);
    push.close();
    expect(codeOf(() => push.sendSync("a"))).toBe("ENOTSOCK");
  });

  test("an XSUB's sendSync refuses an oversized subscription as its other sends do", () => {
    const xsub = t.socket(zmq.XSUB);
    xsub.bind(`inproc://low-latency-xsub-${++endpoints}`);
    const subscription = Buffer.alloc(zmq.MAX_SUBSCRIPTION_BYTES + 2, 0x61);
    subscription[0] = 1;
    expect(() => xsub.trySend(subscription)).toThrow(RangeError);
    expect(() => xsub.sendSync(subscription, { timeout: 0 })).toThrow(RangeError);
  });
});

test("a Worker's blocking REP serves the main thread's async REQ, whose event loop goes on", async () => {
  const at = `inproc://low-latency-worker-${process.pid}`;
  const worker = startWorker("workers/blocking-rep.mts", { endpoint: at });
  expect(await nextMessage(worker)).toBe("ready");
  const req = zmq.context().socket(zmq.REQ);
  try {
    req.connect(at);
    for (const body of ["one", "two", "bye"]) {
      await req.send(body);
      expect((await within(req.recvMultipart(), "the Worker's reply")).map(String)).toEqual(["echo", body]);
    }
  } finally {
    req.close();
  }
  expect(await nextMessage(worker)).toBe("served 3");
  expect(await workerExit(worker)).toBe(0);
});

// Nothing wakes a thread blocked inside libzmq, and Node waits for a Worker's thread to
// come back before it ends the Worker: a Worker's blocking call waits in slices and gives
// up once its environment ends (native/socket_sync.cc).
test.each(["recv", "send"])("a Worker blocked in %sSync with no timeout can be terminated", async (call) => {
  const endpoint = `inproc://blocked-in-sync-${call}-${process.pid}`;
  const polling = threadsInPoll();
  const worker = startWorker("workers/blocked-in-sync-call.mts", { call, endpoint });
  expect(await nextMessage(worker)).toBe("blocking");
  // Terminated once its thread waits in libzmq's poll, not while it is on its way there.
  for (let waited = 0; threadsInPoll() <= polling; waited++) {
    if (waited > 500) throw new Error("the Worker never blocked in poll");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(await within(worker.terminate(), "worker.terminate()")).toBe(1);
});

test("process.exit() while a Worker is blocked in recvSync exits", async () => {
  const child = runFixture("test/fixtures/life/exit-with-blocked-worker.mts");
  await child.line(/^exiting$/);
  expect(await child.exit()).toEqual({ code: 0, signal: null });
});

/** How many of this process's threads wait in poll(2), as libzmq's blocking calls do (Linux). */
function threadsInPoll(): number {
  return readdirSync("/proc/self/task").filter((tid) => /poll_schedule_timeout|do_sys_poll/.test(waitChannel(`self/task/${tid}`))).length;
}

// Where the main thread is blocked in the kernel: its wait channel (Linux).
function waitChannel(pid: number | string): string {
  try {
    return readFileSync(`/proc/${pid}/wchan`, "utf8");
  } catch {
    return "";
  }
}

const blockingCases = ["recv", "send"].flatMap((call) =>
  (["SIGINT", "SIGTERM"] as const).map((signal): [string, NodeJS.Signals] => [call, signal]),
);

test.each(blockingCases)(
  "after catchSignals, a %sSync blocked on the main thread throws EINTR on %s",
  async (call, signal) => {
    const child = runFixture("test/fixtures/interrupt/blocking.mts", [call]);
    await child.line(/^blocking$/);
    // Signalled once it is inside libzmq's poll, not while still on its way there (a signal
    // then would only be seen once the loop turns, after a wait that never ends).
    const pid = child.process.pid!;
    for (let waited = 0; !/poll_schedule_timeout|do_sys_poll/.test(waitChannel(pid)); waited++) {
      if (waited > 500 || !child.running()) throw new Error(`never blocked in poll: ${waitChannel(pid)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.process.kill(signal);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    expect(child.lines).toEqual([
      "blocking",
      "threw ZmqError EINTR",
      "then interrupted=false",
      "interrupted=true listener=1",
      "clean exit",
    ]);
  },
);
