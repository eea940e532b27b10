// Demonstrate identities as used by the request-reply pattern. Run this
// program by itself. Note that the utility functions s… are provided by
// zhelpers.mts. It gets boring for everyone to keep repeating this code.
// (ZMQ_XREP is ZMQ_ROUTER and ZMQ_IDENTITY is ZMQ_ROUTING_ID in libzmq 4; a ROUTER no
// longer makes up a 17-byte UUID for an anonymous peer but a 5-byte identity: a zero
// byte, which marks identities 0MQ generated, and a 32-bit number.)
import * as zmq from "zmq-napi";
import { sDump, sSend } from "./zhelpers.mjs";

const context = zmq.init(1);

const sink = context.socket(zmq.ROUTER);
sink.bind("inproc://example");

// First allow 0MQ to set the identity
const anonymous = context.socket(zmq.REQ);
anonymous.connect("inproc://example");
await sSend(anonymous, "ROUTER uses a generated 5 byte identity");
await sDump(sink);

// Then set the identity ourselves
const identified = context.socket(zmq.REQ);
identified.setsockopt(zmq.ROUTING_ID, "PEER2");
identified.connect("inproc://example");
await sSend(identified, "ROUTER socket uses REQ's socket identity");
await sDump(sink);

sink.close();
anonymous.close();
identified.close();
await context.term();
