// Pubsub envelope publisher
// Note that the zhelpers.mts file also provides sSendmore
import * as zmq from "zmq-napi";
import { sSend, sSendmore, sSleep } from "./zhelpers.mjs";

// Prepare our context and publisher
const context = zmq.init(1);
const publisher = context.socket(zmq.PUB);
publisher.bind("tcp://*:5563");

while (true) {
  // Write two messages, each with an envelope and content
  await sSendmore(publisher, "A");
  await sSend(publisher, "We don't want to see this");
  await sSendmore(publisher, "B");
  await sSend(publisher, "We would like to see this");
  await sSleep(1000);
}
// (The C program's clean-up after its endless loop is unreachable, and TypeScript says so.)
