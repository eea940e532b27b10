// Synchronized subscriber
import * as zmq from "zmq-napi";
import { sRecv, sSend, sSleep } from "./zhelpers.mjs";

const context = zmq.init(1);

// First, connect our subscriber socket
const subscriber = context.socket(zmq.SUB);
// No limit on the queue, as with the Guide's libzmq 2.x: libzmq 4's ZMQ_RCVHWM of 1000
// would drop updates that arrive faster than they are read (see syncpub).
subscriber.setsockopt(zmq.RCVHWM, 0);
subscriber.connect("tcp://localhost:5561");
subscriber.setsockopt(zmq.SUBSCRIBE, "");

// 0MQ is so fast, we need to wait a while…
await sSleep(1000);

// Second, synchronize with publisher
const syncclient = context.socket(zmq.REQ);
syncclient.connect("tcp://localhost:5562");

// - send a synchronization request
await sSend(syncclient, "");

// - wait for synchronization reply
await sRecv(syncclient);

// Third, get our updates and report how many we got
let updateNbr = 0;
while (true) {
  const string = await sRecv(subscriber);
  if (string === "END") break;
  updateNbr++;
}
console.log(`Received ${updateNbr} updates`);

subscriber.close();
syncclient.close();
await context.term();
