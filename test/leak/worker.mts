// The leak workload's Worker: says hello over inproc on the shared context, then either
// ends, or (workerData "wait") waits on a receive until it is terminated.
import { workerData } from "node:worker_threads";
import * as zmq from "zmq-napi";

const push = zmq.context().socket(zmq.PUSH);
push.connect("inproc://leak-worker");
await push.send("hello");
if (workerData === "wait") {
  const pull = zmq.context().socket(zmq.PULL);
  pull.bind("inproc://leak-never");
  await pull.recv();
}
push.close();
