// Weather update server
// Binds PUB socket to tcp://*:5556
// Publishes random weather updates
import * as zmq from "zmq-napi";
import { rmSync } from "node:fs";
import { randof, sCatchSignals, sSend } from "./zhelpers.mjs";

// Prepare our context and publisher
const context = zmq.init(1);
const publisher = context.socket(zmq.PUB);
publisher.bind("tcp://*:5556");
publisher.bind("ipc://weather.ipc");

// Not in the C server, which dies on Ctrl-C and leaves weather.ipc behind: with the
// signals caught, the loop ends and the server removes the file itself (closing the
// socket and terminating the context leave it in place with libzmq 4.3).
sCatchSignals();

// (Math.random needs no seeding, unlike the C code's srandom)
while (!zmq.interrupted) {
  // Get values that will fool the boss
  const zipcode = randof(100000);
  const temperature = randof(215) - 80;
  const relhumidity = randof(50) + 10;

  // Send message to all subscribers
  const update = `${String(zipcode).padStart(5, "0")} ${temperature} ${relhumidity}`;
  try {
    await sSend(publisher, update);
  } catch (error) {
    if (zmq.interrupted) break;
    throw error;
  }
}
publisher.close();
await context.term();
rmSync("weather.ipc", { force: true });
