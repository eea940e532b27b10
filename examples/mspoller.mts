// Reading from multiple sockets
// This version uses zmq.poll()
import * as zmq from "zmq-napi";

const context = zmq.init(1);

// Connect to task ventilator
const receiver = context.socket(zmq.PULL);
receiver.connect("tcp://localhost:5557");

// Connect to weather server
const subscriber = context.socket(zmq.SUB);
subscriber.connect("tcp://localhost:5556");
subscriber.setsockopt(zmq.SUBSCRIBE, "10001 ");

// Initialize poll set
const items: zmq.PollItem[] = [
  { socket: receiver, events: zmq.POLLIN },
  { socket: subscriber, events: zmq.POLLIN },
];
// Process messages from both sockets
// (the C program prints nothing; here each message is printed, to show it arrived)
while (true) {
  await zmq.poll(items, -1);
  if (items[0].revents! & zmq.POLLIN) {
    const message = await receiver.recvMsg();
    // Process task
    console.log(`Process task [${message}]`);
    message.close();
  }
  if (items[1].revents! & zmq.POLLIN) {
    const message = await subscriber.recvMsg();
    // Process weather update
    console.log(`Process weather update [${message}]`);
    message.close();
  }
}
