// Per-call cancellation: `{ signal }` and `{ timeout }` on every asynchronous operation. A
// cancelled operation leaves the socket as if it had never been made: a receive takes
// nothing (a message that arrived meanwhile is the next receive's), a send sends nothing
// (a multipart message is withdrawn whole), and an abort that comes too late changes nothing.
import { getEventListeners } from "node:events";
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { within } from "./support/fixture-process";
import { mandatoryRouter } from "./support/mandatory-router";
import { pushPullPair } from "./support/push-pull-pair";

const t = useTestContext();
let count = 0;
const endpoint = () => `inproc://cancellation-${++count}`;
const pair = () => pushPullPair(t, endpoint());

// Whether a promise has settled, looked at after everything already due has run.
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

test("an aborted receive rejects with an AbortError, and the message sent next is the next receive's", async () => {
  const [push, pull] = pair();
  for (const receive of [
    (signal: AbortSignal) => pull.recv({ signal }),
    (signal: AbortSignal) => pull.recvMultipart({ signal }),
    (signal: AbortSignal) => pull.recvMsg({ signal }),
    (signal: AbortSignal) => pull.recvMany(10, { signal }),
  ]) {
    const controller = new AbortController();
    const waiting = receive(controller.signal);
    expect(await settled(waiting)).toBe(false);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
  }
  await push.send("kept");
  expect((await within(pull.recv(), "the receive after the aborted ones")).toString()).toBe("kept");
});

test("a signal aborted before the call rejects it at once and takes nothing, even with a message waiting", async () => {
  const [push, pull] = pair();
  await push.send("waiting");
  await within(zmq.poll([{ socket: pull, events: zmq.POLLIN }]), "the message to arrive");
  const reason = new Error("given up");
  const signal = AbortSignal.abort(reason);
  await expect(pull.recv({ signal })).rejects.toBe(reason);
  await expect(pull.recvMultipart({ signal })).rejects.toBe(reason);
  await expect(push.send("not sent", { signal })).rejects.toBe(reason);
  expect((await pull.recv()).toString()).toBe("waiting");
  expect(pull.tryRecv()).toBeNull();
});

test("the signal's reason is what the operation rejects with; AbortSignal.timeout gives a TimeoutError", async () => {
  const [, pull] = pair();
  const controller = new AbortController();
  const reason = { why: "shutdown" };
  const waiting = pull.recv({ signal: controller.signal });
  controller.abort(reason);
  await expect(waiting).rejects.toBe(reason);
  await expect(within(pull.recv({ signal: AbortSignal.timeout(20) }), "a timed-out signal")).rejects.toMatchObject({
    name: "TimeoutError",
  });
});

test("a timeout that runs out rejects with EAGAIN, in place of RCVTIMEO for that call only", async () => {
  const [push, pull] = pair();
  pull.setsockopt(zmq.RCVTIMEO, 60_000);
  await expect(within(pull.recv({ timeout: 20 }), "recv with a timeout")).rejects.toMatchObject({ code: "EAGAIN" });
  await expect(within(pull.recvMultipart({ timeout: 0 }), "recvMultipart with timeout 0")).rejects.toMatchObject({
    code: "EAGAIN",
  });

  // RCVTIMEO short, the call's timeout -1: the call waits past RCVTIMEO.
  pull.setsockopt(zmq.RCVTIMEO, 10);
  const patient = pull.recv({ timeout: -1 });
  await expect(within(pull.recv(), "a receive bounded by RCVTIMEO")).rejects.toMatchObject({ code: "EAGAIN" });
  expect(await settled(patient)).toBe(false);
  await push.send("late");
  expect((await within(patient, "the patient receive")).toString()).toBe("late");
});

test("cancelling one of several pending receives leaves the others in their order", async () => {
  const [push, pull] = pair();
  const controller = new AbortController();
  const first = pull.recv();
  const second = pull.recv({ signal: controller.signal });
  const third = pull.recv();
  controller.abort();
  await expect(second).rejects.toMatchObject({ name: "AbortError" });
  await push.send("one");
  await push.send("two");
  expect((await first).toString()).toBe("one");
  expect((await third).toString()).toBe("two");
});

// The race the issue names: a cancel and an arrival in the same turn, many times. Whoever
// wins, each message is received exactly once and in order, through the read-ahead too.
test("aborts racing arrivals never lose, duplicate or reorder a message", async () => {
  const pull = t.socket(zmq.PULL);
  pull.bind("tcp://127.0.0.1:*");
  const push = t.socket(zmq.PUSH);
  push.connect(pull.lastEndpoint);
  const total = 3000;
  const sending = (async () => {
    for (let i = 0; i < total; i++) {
      await push.send([`${i}`, "tail"]);
      if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve)); // let arrivals interleave
    }
  })();

  const seen: number[] = [];
  let aborted = 0;
  let round = 0;
  while (seen.length < total) {
    const controller = new AbortController();
    const { signal } = controller;
    const how = round++ % 5;
    const receive =
      how === 0
        ? pull.recvMultipart({ signal })
        : how === 1
          ? pull.recv({ signal }).then(async (head) => [head, await pull.recv()])
          : how === 2
            ? pull
                .messages({ signal })
                .next()
                .then((result) => result.value as Buffer[])
            : pull.recvMultipart({ signal, timeout: round % 3 });
    // The abort lands at a different point of the turn each round: now, in a microtask,
    // after I/O (setImmediate) or on a timer.
    if (round % 4 === 0) controller.abort();
    else if (round % 4 === 1) queueMicrotask(() => controller.abort());
    else if (round % 4 === 2) setImmediate(() => controller.abort());
    else setTimeout(() => controller.abort(), 0);
    try {
      const [head, tail] = await within(receive, `receive ${round}`);
      expect(tail.toString()).toBe("tail");
      seen.push(Number(head.toString()));
    } catch (error) {
      const { name, code } = error as { name?: string; code?: string };
      if (name !== "AbortError" && code !== "EAGAIN") throw error;
      aborted++;
    }
  }
  await sending;
  expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
  expect(aborted).toBeGreaterThan(0); // the race was run, not only the easy side of it
  expect(pull.tryRecv()).toBeNull();
});

test("a cancelled send sends nothing; a multipart array is withdrawn whole", async () => {
  const push = t.socket(zmq.PUSH); // no peer yet: every send waits
  push.bind(endpoint());
  const controller = new AbortController();
  const single = push.send("withdrawn", { signal: controller.signal });
  const multipart = push.send(["withdrawn", "too"], { signal: controller.signal });
  expect(await settled(multipart)).toBe(false);
  controller.abort();
  await expect(single).rejects.toMatchObject({ name: "AbortError" });
  await expect(multipart).rejects.toMatchObject({ name: "AbortError" });
  await expect(within(push.send("timed", { timeout: 10 }), "a send with a timeout")).rejects.toMatchObject({
    code: "EAGAIN",
  });

  const pull = t.socket(zmq.PULL);
  pull.connect(push.lastEndpoint);
  await push.send(["first", "sent"]);
  expect((await within(pull.recvMultipart(), "the message after the cancelled ones")).map(String)).toEqual([
    "first",
    "sent",
  ]);
  expect(pull.tryRecv()).toBeNull();
});

test("frames sent with SNDMORE are one message: cancelling any part while none has gone withdraws them all", async () => {
  for (const cancelled of ["first", "last"] as const) {
    const push = t.socket(zmq.PUSH);
    push.bind(endpoint());
    const controller = new AbortController();
    const { signal } = controller;
    const first = push.send("part 1", cancelled === "first" ? { flags: zmq.SNDMORE, signal } : zmq.SNDMORE);
    const last = push.send("part 2", cancelled === "last" ? { signal } : 0);
    const after = push.send("whole");
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    await expect(last).rejects.toMatchObject({ name: "AbortError" });
    const pull = t.socket(zmq.PULL);
    pull.connect(push.lastEndpoint);
    await within(after, "the send after the withdrawn message");
    expect((await pull.recvMultipart()).map(String)).toEqual(["whole"]);
  }
});

test("SNDTIMEO withdraws a pending SNDMORE message whole, as a signal does", async () => {
  const push = t.socket(zmq.PUSH);
  push.bind(endpoint());
  push.setsockopt(zmq.SNDTIMEO, 20);
  const first = push.send("part 1", zmq.SNDMORE);
  push.setsockopt(zmq.SNDTIMEO, -1);
  const last = push.send("part 2");
  await expect(within(first, "part 1's timeout")).rejects.toMatchObject({ code: "EAGAIN" });
  await expect(last).rejects.toMatchObject({ code: "EAGAIN" });
  const pull = t.socket(zmq.PULL);
  pull.connect(push.lastEndpoint);
  await push.send("alone");
  expect((await within(pull.recvMultipart(), "the next message")).map(String)).toEqual(["alone"]);
});

test("an abort after the operation finished changes nothing, and no listener stays on the signal", async () => {
  const [push, pull] = pair();
  const controller = new AbortController();
  const { signal } = controller;
  for (let i = 0; i < 100; i++) {
    const receiving = pull.recv({ signal, timeout: 60_000 });
    await push.send(`${i}`, { signal });
    expect((await receiving).toString()).toBe(`${i}`);
  }
  expect(getEventListeners(signal, "abort")).toHaveLength(0);
  controller.abort();
  await push.send("after");
  expect((await pull.recv()).toString()).toBe("after");
});

test("iteration with a signal throws its reason from the loop; the next message stays for the next loop", async () => {
  const [push, pull] = pair();
  const controller = new AbortController();
  await push.send("one");
  const received: string[] = [];
  const loop = (async () => {
    for await (const [frame] of pull.messages({ signal: controller.signal })) {
      received.push(frame.toString());
      controller.abort();
    }
  })();
  await expect(within(loop, "the aborted loop")).rejects.toMatchObject({ name: "AbortError" });
  expect(received).toEqual(["one"]);
  await push.send("two");
  for await (const [frame] of pull.messages({ timeout: 1000 })) {
    expect(frame.toString()).toBe("two");
    break;
  }
  await expect(within(pull.messages({ timeout: 10 }).next(), "a timed next")).rejects.toMatchObject({ code: "EAGAIN" });
});

test("poll and Poller.poll take { timeout, signal }: the signal rejects the wait, the timeout resolves with 0", async () => {
  const [push, pull] = pair();
  const items = [{ socket: pull, events: zmq.POLLIN }];
  expect(await within(zmq.poll(items, { timeout: 10 }), "a timed poll")).toBe(0);
  const controller = new AbortController();
  const polling = zmq.poll(items, { signal: controller.signal });
  expect(await settled(polling)).toBe(false);
  controller.abort();
  await expect(polling).rejects.toMatchObject({ name: "AbortError" });

  using poller = new zmq.Poller();
  poller.register(pull, zmq.POLLIN);
  const second = new AbortController();
  const waiting = poller.poll({ signal: second.signal });
  second.abort();
  await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
  await expect(poller.poll({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
  await push.send("ready");
  expect(await within(poller.poll({ timeout: 1000 }), "a poll that finds the message")).toEqual([[pull, zmq.POLLIN]]);
});

test("a monitor's events({ signal }) wait is cancelled without losing the event that comes next", async () => {
  const pull = t.socket(zmq.PULL);
  using monitor = pull.monitor(zmq.EVENT_LISTENING);
  const controller = new AbortController();
  const events = monitor.events({ signal: controller.signal });
  const waiting = events.next();
  expect(await settled(waiting)).toBe(false);
  controller.abort();
  await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
  pull.bind("tcp://127.0.0.1:*"); // inproc has no LISTENING event
  const { value } = await within(monitor.events({ timeout: 5000 }).next(), "the LISTENING event");
  expect(value).toMatchObject({ name: "LISTENING", endpoint: pull.lastEndpoint });
  await expect(within(monitor.events({ timeout: 10 }).next(), "a timed wait")).rejects.toMatchObject({ code: "EAGAIN" });
});

test("bad per-call options are a TypeError or RangeError, before anything is attempted", async () => {
  const [push, pull] = pair();
  expect(() => pull.recv({ signal: {} as AbortSignal })).toThrow(TypeError);
  expect(() => pull.recv({ timeout: -2 })).toThrow(RangeError);
  expect(() => pull.recv({ timeout: 1.5 })).toThrow(RangeError);
  expect(() => pull.recv("0" as never)).toThrow(TypeError);
  expect(() => pull.recvMultipart(null as never)).toThrow(TypeError);
  expect(() => push.send("x", { signal: "no" as never })).toThrow(TypeError);
  expect(() => pull.messages({ timeout: "1" as never })).toThrow(TypeError);
  expect(() => zmq.poll([{ socket: pull, events: zmq.POLLIN }], { signal: 1 as never })).toThrow(TypeError);
  await push.send("still works");
  expect((await pull.recv()).toString()).toBe("still works");
});

test("return() of an iterator with a next() waiting resolves it as done and leaves the message to the socket", async () => {
  const [push, pull] = pair();
  const iterator = pull.messages();
  const waiting = iterator.next();
  expect(await settled(waiting)).toBe(false);
  await iterator.return!();
  expect(await waiting).toEqual({ done: true, value: undefined });
  expect(await iterator.next()).toEqual({ done: true, value: undefined });
  await push.send("for the socket");
  expect((await within(pull.recv(), "the message after return()")).toString()).toBe("for the socket");
});

test("a message whose first frame fails sends none of its later frames, as none of a message of its own", async () => {
  const [router, dealer] = await mandatoryRouter(t, endpoint(), "known");
  // Sent in one run of code, before the failure can be seen: "known" must not become the
  // address of a message of its own.
  const sends = [router.send("unknown", zmq.SNDMORE), router.send("known", zmq.SNDMORE), router.send("not for known")];
  const results = await Promise.allSettled(sends);
  expect(results.map((result) => (result.status === "rejected" ? (result.reason as zmq.ZmqError).code : "sent"))).toEqual([
    "EHOSTUNREACH",
    "EHOSTUNREACH",
    "EHOSTUNREACH",
  ]);
  // After the failure was seen, a new message goes as usual.
  await router.send("known", zmq.SNDMORE);
  await router.send("for known");
  expect((await within(dealer.recvMultipart(), "the next message")).map(String)).toEqual(["for known"]);
});

test("a queued message whose first frame fails when its turn comes takes its later frames with it", async () => {
  const [router, dealer] = await mandatoryRouter(t, endpoint(), "known", { routerSndhwm: 1, dealerRcvhwm: 1 });
  // Fill the pipe to "known" until a send to it has to wait: the sends after it are queued.
  const toKnown: Promise<void>[] = [];
  for (let i = 0; toKnown.length === i; i++) {
    const sending = router.send(["known", `fill ${i}`]);
    toKnown.push(sending);
    if (!(await settled(sending))) break;
  }
  const queued = [router.send("unknown", zmq.SNDMORE), router.send("known", zmq.SNDMORE), router.send("not for known")];
  const results = Promise.allSettled(queued);
  const received: string[] = [];
  while (received.length < toKnown.length) received.push(...(await within(dealer.recvMultipart(), "a fill")).map(String));
  expect((await results).map((result) => (result.status === "rejected" ? (result.reason as zmq.ZmqError).code : "sent"))).toEqual([
    "EHOSTUNREACH",
    "EHOSTUNREACH",
    "EHOSTUNREACH",
  ]);
  await Promise.all(toKnown);
  expect(received).toEqual(toKnown.map((_, i) => `fill ${i}`));
  expect(await dealer.recvMultipart({ timeout: 50 }).catch((error: zmq.ZmqError) => error.code)).toBe("EAGAIN");
});

test("a signal aborted before a frame of a multipart send is called takes the whole message, or nothing once it is under way", async () => {
  const [push, pull] = pair();
  const aborted = AbortSignal.abort();
  // The first frame: the frames after it in the same run of code go with it.
  const first = [push.send("head", { flags: zmq.SNDMORE, signal: aborted }), push.send("body")];
  expect((await Promise.allSettled(first)).map((result) => result.status)).toEqual(["rejected", "rejected"]);
  // A middle frame while the message's first frame is queued: all of it.
  const lonely = t.socket(zmq.PUSH);
  lonely.bind(endpoint());
  const middle = [lonely.send("a", zmq.SNDMORE), lonely.send("b", { flags: zmq.SNDMORE, signal: aborted }), lonely.send("c")];
  expect((await Promise.allSettled(middle)).map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
  // A frame of a message libzmq has begun: too late, it goes.
  await push.send("begun", zmq.SNDMORE);
  await push.send("aborted, too late", { flags: zmq.SNDMORE, signal: aborted });
  await push.send("end");
  await push.send("next");
  expect((await within(pull.recvMultipart(), "the begun message")).map(String)).toEqual(["begun", "aborted, too late", "end"]);
  expect((await within(pull.recvMultipart(), "the next")).map(String)).toEqual(["next"]);
  const late = t.socket(zmq.PULL);
  late.connect(lonely.lastEndpoint);
  await lonely.send("after");
  expect((await within(late.recvMultipart(), "lonely's next")).map(String)).toEqual(["after"]);
});

test("a dropped message ends at its last frame even when that frame's signal is aborted", async () => {
  const [router, dealer] = await mandatoryRouter(t, endpoint(), "known");
  const dropped = [router.send("unknown", zmq.SNDMORE), router.send("last", { signal: AbortSignal.abort() })];
  const next = router.send(["known", "next message"]);
  expect((await Promise.allSettled(dropped)).map((result) => result.status)).toEqual(["rejected", "rejected"]);
  await within(next, "the next message's send");
  expect((await within(dealer.recvMultipart(), "the next message")).map(String)).toEqual(["next message"]);
});
