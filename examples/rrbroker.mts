// Simple request-reply broker
import * as zmq from "zmq-napi";

// Prepare our context and sockets
const context = zmq.init(1);
// ROUTER and DEALER were called XREP and XREQ in libzmq 2.x (zmq.XREP/zmq.XREQ still work)
const frontend = context.socket(zmq.ROUTER);
const backend = context.socket(zmq.DEALER);
frontend.bind("tcp://*:5559");
backend.bind("tcp://*:5560");

// Initialize poll set
const items: zmq.PollItem[] = [
  { socket: frontend, events: zmq.POLLIN },
  { socket: backend, events: zmq.POLLIN },
];
// Switch messages between sockets
while (true) {
  await zmq.poll(items, -1);
  if (items[0].revents! & zmq.POLLIN) {
    while (true) {
      // Process all parts of the message
      const message = await frontend.recvMsg();
      const more = frontend.more; // Multipart detection
      await backend.send(message, more ? zmq.SNDMORE : 0);
      message.close();
      if (!more) break; // Last message part
    }
  }
  if (items[1].revents! & zmq.POLLIN) {
    while (true) {
      // Process all parts of the message
      const message = await backend.recvMsg();
      const more = backend.more; // Multipart detection
      await frontend.send(message, more ? zmq.SNDMORE : 0);
      message.close();
      if (!more) break; // Last message part
    }
  }
}
