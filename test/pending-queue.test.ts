// Which queued sends make up one message (PendingQueue.messageOf, lib/engine/pending.ts):
// what a cancelled or timed-out send withdraws, so that no message goes out in part.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { PendingQueue, SEND, SEND_MANY, type PendingOperation } from "../lib/engine/pending";

const op = (kind: number, flags = 0): PendingOperation => ({ kind, arg: undefined, flags, resolve() {}, reject() {} });

test("a send with SNDMORE and the sends after it up to one without are one message", () => {
  const queue = new PendingQueue();
  const whole = op(SEND);
  const first = op(SEND, zmq.SNDMORE);
  const middle = op(SEND, zmq.SNDMORE | zmq.DONTWAIT);
  const last = op(SEND);
  const batch = op(SEND_MANY);
  const open = op(SEND, zmq.SNDMORE); // its last part is not queued yet
  for (const queued of [whole, first, middle, last, batch, open]) queue.push(queued);
  expect(queue.messageOf(whole, false)).toEqual([whole]);
  for (const part of [first, middle, last]) expect(queue.messageOf(part, false)).toEqual([first, middle, last]);
  expect(queue.messageOf(batch, false)).toEqual([batch]);
  expect(queue.messageOf(open, false)).toEqual([open]);
  expect(queue.messageOf(op(SEND), false)).toEqual([]); // not queued: settled already
});

test("the head's message is not withdrawn once libzmq has taken its first frames", () => {
  const queue = new PendingQueue();
  const rest = op(SEND, zmq.SNDMORE);
  const end = op(SEND);
  const next = op(SEND);
  for (const queued of [rest, end, next]) queue.push(queued);
  // The last frame libzmq took had SNDMORE: rest and end complete a message under way.
  expect(queue.messageOf(rest, true)).toEqual([]);
  expect(queue.messageOf(end, true)).toEqual([]);
  expect(queue.messageOf(next, true)).toEqual([next]);
  expect(queue.messageOf(end, false)).toEqual([rest, end]);
});
