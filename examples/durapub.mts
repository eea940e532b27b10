// Publisher for durable subscriber
import * as zmq from "zmq-napi";
import { sRecv, sSend, sSleep } from "./zhelpers.mjs";

const context = zmq.init(1);

// Subscriber tells us when it's ready here
const sync = context.socket(zmq.PULL);
sync.bind("tcp://*:5564");

// We send updates via this socket
const publisher = context.socket(zmq.PUB);
publisher.bind("tcp://*:5565");

// Wait for synchronization request
await sRecv(sync);

// Now broadcast exactly 10 updates with pause
for (let updateNbr = 0; updateNbr < 10; updateNbr++) {
  await sSend(publisher, `Update ${updateNbr}`);
  await sSleep(1000);
}
await sSend(publisher, "END");

sync.close();
publisher.close();
await context.term();
