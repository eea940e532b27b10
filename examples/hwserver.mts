// Hello World server
// Binds REP socket to tcp://*:5555
// Expects "Hello" from client, replies with "World"
import * as zmq from "zmq-napi";
import { setTimeout as sleep } from "node:timers/promises";

const context = zmq.init(1);

// Socket to talk to clients
const responder = context.socket(zmq.REP);
responder.bind("tcp://*:5555");

while (true) {
  // Wait for next request from client
  await responder.recv();
  console.log("Received Hello");

  // Do some 'work'
  await sleep(1000);

  // Send reply back to client
  await responder.send("World");
}
