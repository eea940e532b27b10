// Task sink
// Binds PULL socket to tcp://localhost:5558
// Collects results from workers via that socket
import * as zmq from "zmq-napi";
import { sClock, sRecv } from "./zhelpers.mjs";

// Prepare our context and socket
const context = zmq.init(1);
const receiver = context.socket(zmq.PULL);
receiver.bind("tcp://*:5558");

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
// Calculate and report duration of batch
console.log(`Total elapsed time: ${sClock() - startTime} msec`);

receiver.close();
await context.term();
