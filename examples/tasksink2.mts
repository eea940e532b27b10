// Task sink - design 2
// Adds pub-sub flow to send kill signal to workers
import * as zmq from "zmq-napi";
import { sClock, sRecv, sSend, sSleep } from "./zhelpers.mjs";

const context = zmq.init(1);

// Socket to receive messages on
const receiver = context.socket(zmq.PULL);
receiver.bind("tcp://*:5558");

// Socket for worker control
const controller = context.socket(zmq.PUB);
controller.bind("tcp://*:5559");

// Wait for start of batch
await sRecv(receiver);

// Start our clock now
const startTime = sClock();

// Process 100 confirmations
for (let taskNbr = 0; taskNbr < 100; taskNbr++) {
  await sRecv(receiver);
  if (Math.trunc(taskNbr / 10) * 10 === taskNbr) process.stdout.write(":");
  else process.stdout.write(".");
}
console.log(`Total elapsed time: ${sClock() - startTime} msec`);

// Send kill signal to workers
await sSend(controller, "KILL");

// Finished
await sSleep(1000); // Give 0MQ time to deliver

receiver.close();
controller.close();
await context.term();
