// Shows how to handle Ctrl-C
// (the Guide's s_catch_signals is zmq.catchSignals(): after it, SIGINT and SIGTERM set
// zmq.interrupted and a blocked recv returns EINTR, as zmq_recv does in C)
import * as zmq from "zmq-napi";

const context = zmq.init(1);
const socket = context.socket(zmq.REP);

// Called before bind, not after as in C: a client that can connect to the server
// can then be sure that Ctrl-C already reaches the loop below.
zmq.catchSignals();
socket.bind("tcp://*:5555");

while (true) {
  // Blocking read will exit on a signal
  try {
    await socket.recv();
  } catch (error) {
    if (!zmq.interrupted) throw error;
  }
  if (zmq.interrupted) {
    console.log("W: interrupt received, killing server…");
    break;
  }
}
socket.close();
await context.term();
