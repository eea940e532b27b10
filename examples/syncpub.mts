// Synchronized publisher
import * as zmq from "zmq-napi";
import { sRecv, sSend } from "./zhelpers.mjs";

// We wait for 10 subscribers
const SUBSCRIBERS_EXPECTED = 10;

const context = zmq.init(1);

// Socket to talk to clients
const publisher = context.socket(zmq.PUB);
// The Guide's libzmq 2.x queued without limit (ZMQ_HWM was 0); libzmq 4 gives each
// subscriber a ZMQ_SNDHWM of 1000 messages and a PUB drops what does not fit, so a
// million updates sent at full speed would not all arrive. 0 asks for no limit again.
publisher.setsockopt(zmq.SNDHWM, 0);
publisher.bind("tcp://*:5561");

// Socket to receive signals
const syncservice = context.socket(zmq.REP);
syncservice.bind("tcp://*:5562");

// Get synchronization from subscribers
console.log("Waiting for subscribers");
let subscribers = 0;
while (subscribers < SUBSCRIBERS_EXPECTED) {
  // - wait for synchronization request
  await sRecv(syncservice);
  // - send synchronization reply
  await sSend(syncservice, "");
  subscribers++;
}
// Now broadcast exactly 1M updates followed by END
console.log("Broadcasting messages");
for (let updateNbr = 0; updateNbr < 1000000; updateNbr++) await sSend(publisher, "Rhubarb");

await sSend(publisher, "END");

publisher.close();
syncservice.close();
await context.term();
