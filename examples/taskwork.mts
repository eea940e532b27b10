// Task worker
// Connects PULL socket to tcp://localhost:5557
// Collects workloads from ventilator via that socket
// Connects PUSH socket to tcp://localhost:5558
// Sends results to sink via that socket
import * as zmq from "zmq-napi";
import { sRecv, sSend, sSleep } from "./zhelpers.mjs";

const context = zmq.init(1);

// Socket to receive messages on
const receiver = context.socket(zmq.PULL);
receiver.connect("tcp://localhost:5557");

// Socket to send messages to
const sender = context.socket(zmq.PUSH);
sender.connect("tcp://localhost:5558");

// Process tasks forever
while (true) {
  const string = await sRecv(receiver);
  // Simple progress indicator for the viewer
  process.stdout.write(`${string}.`);

  // Do the work
  await sSleep(Number.parseInt(string, 10));

  // Send results to sink
  await sSend(sender, "");
}
