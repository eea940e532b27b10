// Durable subscriber
//
// Not durable any more: libzmq 3.0 removed durable sockets. With libzmq 2.x a SUB that set
// an identity made the PUB keep its updates while it was away (up to the HWM, then in the
// ZMQ_SWAP file, also removed in 3.0), so a durasub killed and restarted went on where it
// had stopped. With libzmq 3 and 4 the identity (now ZMQ_ROUTING_ID) means nothing to a PUB:
// the restarted durasub misses every update sent while it was down. durapub2 and durasub2
// show how to keep the Guide's promise today.
import * as zmq from "zmq-napi";
import { sRecv, sSend } from "./zhelpers.mjs";

const context = zmq.init(1);

// Connect our subscriber socket
const subscriber = context.socket(zmq.SUB);
subscriber.setsockopt(zmq.ROUTING_ID, "Hello"); // ZMQ_IDENTITY in the Guide
subscriber.setsockopt(zmq.SUBSCRIBE, "");
subscriber.connect("tcp://localhost:5565");

// Synchronize with publisher
const sync = context.socket(zmq.PUSH);
sync.connect("tcp://localhost:5564");
await sSend(sync, "");

// Get updates, exit when told to do so
while (true) {
  const string = await sRecv(subscriber);
  console.log(string);
  if (string === "END") break;
}
sync.close();
subscriber.close();
await context.term();
