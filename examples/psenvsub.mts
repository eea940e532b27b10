// Pubsub envelope subscriber
import * as zmq from "zmq-napi";
import { sRecv } from "./zhelpers.mjs";

// Prepare our context and subscriber
const context = zmq.init(1);
const subscriber = context.socket(zmq.SUB);
subscriber.connect("tcp://localhost:5563");
subscriber.setsockopt(zmq.SUBSCRIBE, "B");

while (true) {
  // Read envelope with address
  const address = await sRecv(subscriber);
  // Read message contents
  const contents = await sRecv(subscriber);
  console.log(`[${address}] ${contents}`);
}
