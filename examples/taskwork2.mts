// Task worker - design 2
// Adds pub-sub flow to receive and respond to kill signal
import * as zmq from "zmq-napi";
import { sSleep } from "./zhelpers.mjs";

const context = zmq.init(1);

// Socket to receive messages on
const receiver = context.socket(zmq.PULL);
receiver.connect("tcp://localhost:5557");

// Socket to send messages to
const sender = context.socket(zmq.PUSH);
sender.connect("tcp://localhost:5558");

// Socket for control input
const controller = context.socket(zmq.SUB);
controller.connect("tcp://localhost:5559");
controller.setsockopt(zmq.SUBSCRIBE, "");

// Process messages from receiver and controller
const items: zmq.PollItem[] = [
  { socket: receiver, events: zmq.POLLIN },
  { socket: controller, events: zmq.POLLIN },
];
// Process messages from both sockets
while (true) {
  await zmq.poll(items, -1);
  if (items[0].revents! & zmq.POLLIN) {
    const message = await receiver.recv();

    // Do the work
    await sSleep(Number.parseInt(message.toString(), 10));

    // Send results to sink
    await sender.send("");

    // Simple progress indicator for the viewer
    process.stdout.write(".");
  }
  // Any waiting controller command acts as 'KILL'
  if (items[1].revents! & zmq.POLLIN) break; // Exit loop
}
// Finished
receiver.close();
sender.close();
controller.close();
await context.term();
