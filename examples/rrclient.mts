// Hello World client
// Connects REQ socket to tcp://localhost:5559
// Sends "Hello" to server, expects "World" back
import * as zmq from "zmq-napi";
import { sRecv, sSend } from "./zhelpers.mjs";

const context = zmq.init(1);

// Socket to talk to server
const requester = context.socket(zmq.REQ);
requester.connect("tcp://localhost:5559");

for (let requestNbr = 0; requestNbr !== 10; requestNbr++) {
  await sSend(requester, "Hello");
  const string = await sRecv(requester);
  console.log(`Received reply ${requestNbr} [${string}]`);
}
requester.close();
await context.term();
