// Weather proxy device
import * as zmq from "zmq-napi";

const context = zmq.init(1);

// This is where the weather server sits
// (tcp://192.168.55.210:5556 in the Guide: here the server runs on this machine)
const frontend = context.socket(zmq.SUB);
frontend.connect("tcp://localhost:5556");

// This is our public endpoint for subscribers
// (tcp://10.1.1.0:8100 in the Guide, an address of its author's network: here every interface)
const backend = context.socket(zmq.PUB);
backend.bind("tcp://*:8100");

// Subscribe on everything
frontend.setsockopt(zmq.SUBSCRIBE, "");

// Shunt messages out to our own subscribers
while (true) {
  while (true) {
    // Process all parts of the message
    const message = await frontend.recvMsg();
    const more = frontend.more;
    await backend.send(message, more ? zmq.SNDMORE : 0);
    message.close();
    if (!more) break; // Last message part
  }
}
