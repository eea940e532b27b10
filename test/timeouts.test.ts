// ZMQ_RCVTIMEO and ZMQ_SNDTIMEO on pending operations: libzmq applies them to blocking calls
// only, which zmq-napi never makes, so the socket honours them itself.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { within } from "./support/fixture-process";

const t = useTestContext();
let count = 0;
const endpoint = () => `inproc://timeouts-${++count}`;

test("a receive pending past RCVTIMEO rejects with EAGAIN; a later message goes to the next receive", async () => {
  const pull = t.socket(zmq.PULL);
  pull.setsockopt(zmq.RCVTIMEO, 50);
  expect(pull.getsockopt(zmq.RCVTIMEO)).toBe(50);
  pull.bind(endpoint());
  await expect(within(pull.recv(), "a timed receive")).rejects.toMatchObject({ code: "EAGAIN" });
  await expect(within(pull.recvMultipart(), "a timed recvMultipart")).rejects.toMatchObject({ code: "EAGAIN" });

  const push = t.socket(zmq.PUSH);
  push.connect(pull.lastEndpoint);
  pull.setsockopt(zmq.RCVTIMEO, -1); // back to waiting for ever
  const waiting = pull.recv();
  await push.send("kept");
  expect((await waiting).toString()).toBe("kept");
});

test("a message that arrives in time resolves the receive, and its timer no longer fires", async () => {
  const pull = t.socket(zmq.PULL);
  pull.setsockopt(zmq.RCVTIMEO, 100);
  pull.bind(endpoint());
  const push = t.socket(zmq.PUSH);
  push.connect(pull.lastEndpoint);
  const first = pull.recv();
  const second = pull.recv();
  await push.send("one");
  expect((await first).toString()).toBe("one");
  await expect(second).rejects.toMatchObject({ code: "EAGAIN" });
  await push.send("two");
  expect((await pull.recv()).toString()).toBe("two");
});

test("a send pending at the high-water mark past SNDTIMEO rejects with EAGAIN; the sends before it stay sent", async () => {
  const push = t.socket(zmq.PUSH);
  push.setsockopt(zmq.SNDHWM, 1);
  push.setsockopt(zmq.SNDTIMEO, 50);
  push.setsockopt(zmq.LINGER, 0);
  const pull = t.socket(zmq.PULL);
  pull.setsockopt(zmq.RCVHWM, 1);
  pull.bind(endpoint());
  push.connect(pull.lastEndpoint);
  const sends = Array.from({ length: 10 }, (_, i) => push.send(`message ${i}`));
  const results = await within(Promise.allSettled(sends), "the sends");
  const outcomes = results.map((result) => (result.status === "fulfilled" ? "sent" : (result.reason as zmq.ZmqError).code));
  const firstTimedOut = outcomes.indexOf("EAGAIN");
  expect(firstTimedOut).toBeGreaterThan(0);
  expect(outcomes.slice(firstTimedOut)).toEqual(outcomes.slice(firstTimedOut).map(() => "EAGAIN"));
  expect((await pull.recv()).toString()).toBe("message 0");
});

test("iterating a socket whose RCVTIMEO runs out rejects with EAGAIN rather than ending", async () => {
  const pull = t.socket(zmq.PULL);
  pull.setsockopt(zmq.RCVTIMEO, 50);
  pull.bind(endpoint());
  const iterator = pull[Symbol.asyncIterator]();
  await expect(within(iterator.next(), "a timed iteration")).rejects.toMatchObject({ code: "EAGAIN" });

  // The iterator goes on: a message sent later is its next value.
  const push = t.socket(zmq.PUSH);
  push.connect(pull.lastEndpoint);
  pull.setsockopt(zmq.RCVTIMEO, -1);
  const next = iterator.next();
  await push.send("after");
  const result = await next;
  expect(result.done).toBe(false);
  expect(result.value?.map(String)).toEqual(["after"]);
});
