// A PUSH connected to a PULL bound on `endpoint`, both of the test's context.
import * as zmq from "zmq-napi";
import type { TestContext } from "./context";

export function pushPullPair(t: TestContext, endpoint: string): [push: zmq.Socket, pull: zmq.Socket] {
  const pull = t.socket(zmq.PULL);
  pull.bind(endpoint);
  const push = t.socket(zmq.PUSH);
  push.connect(pull.lastEndpoint);
  return [push, pull];
}
