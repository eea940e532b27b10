// Hello World client
// Connects REQ socket to tcp://localhost:5555
// Sends "Hello" to server, expects "World" back
import * as zmq from "zmq-napi";

const context = zmq.init(1);

// Socket to talk to server
console.log("Connecting to hello world server…");
const requester = context.socket(zmq.REQ);
requester.connect("tcp://localhost:5555");

for (let requestNbr = 0; requestNbr !== 10; requestNbr++) {
  console.log(`Sending Hello ${requestNbr}…`);
  await requester.send("Hello");

  const reply = await requester.recv();
  console.log(`Received ${reply.toString()} ${requestNbr}`);
}
requester.close();
await context.term();
