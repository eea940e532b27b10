// Hello World server (the Guide's rrserver)
// Connects REP socket to tcp://localhost:5560
// Expects "Hello" from client, replies with "World"
import * as zmq from "zmq-napi";
import { sRecv, sSend, sSleep } from "./zhelpers.mjs";

const context = zmq.init(1);

// Socket to talk to clients
const responder = context.socket(zmq.REP);
responder.connect("tcp://localhost:5560");

while (true) {
  // Wait for next request from client
  const string = await sRecv(responder);
  console.log(`Received request: [${string}]`);

  // Do some 'work'
  await sSleep(1000);

  // Send reply back to client
  await sSend(responder, "World");
}
