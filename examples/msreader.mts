// Reading from multiple sockets
// This version uses a simple recv loop
import * as zmq from "zmq-napi";
import { sSleep } from "./zhelpers.mjs";

// Prepare our context and sockets
const context = zmq.init(1);

// Connect to task ventilator
const receiver = context.socket(zmq.PULL);
receiver.connect("tcp://localhost:5557");

// Connect to weather server
const subscriber = context.socket(zmq.SUB);
subscriber.connect("tcp://localhost:5556");
subscriber.setsockopt(zmq.SUBSCRIBE, "10001 ");

// Process messages from both sockets
// We prioritize traffic from the task ventilator
// (zmq_recv with ZMQ_NOBLOCK is tryRecv(), which returns null where C gets EAGAIN; the C
// program prints nothing, here each message is printed, to show it arrived)
while (true) {
  // Process any waiting tasks
  while (true) {
    const task = receiver.tryRecv();
    if (task === null) break;
    // Process task
    console.log(`Process task [${task}]`);
  }
  // Process any waiting weather updates
  while (true) {
    const update = subscriber.tryRecv();
    if (update === null) break;
    // Process weather update
    console.log(`Process weather update [${update}]`);
  }
  // No activity, so sleep for 1 msec
  await sSleep(1);
}
