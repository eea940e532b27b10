// Simple message queuing broker
// Same as request-reply broker but using QUEUE device
import * as zmq from "zmq-napi";

const context = zmq.init(1);

// Socket facing clients
const frontend = context.socket(zmq.ROUTER);
frontend.bind("tcp://*:5559");

// Socket facing services
const backend = context.socket(zmq.DEALER);
backend.bind("tcp://*:5560");

// Start built-in device
// (zmq_device is gone since libzmq 3; zmq.device runs zmq_proxy, on a native thread)
await zmq.device(zmq.QUEUE, frontend, backend);

// We never get here…
frontend.close();
backend.close();
await context.term();
