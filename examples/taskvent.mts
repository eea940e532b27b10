// Task ventilator
// Binds PUSH socket to tcp://localhost:5557
// Sends batch of tasks to workers via that socket
import * as zmq from "zmq-napi";
import { createInterface } from "node:readline/promises";
import { randof, sSend, sSleep } from "./zhelpers.mjs";

const context = zmq.init(1);

// Socket to send messages on
const sender = context.socket(zmq.PUSH);
sender.bind("tcp://*:5557");

// Socket to send start of batch message on
const sink = context.socket(zmq.PUSH);
sink.connect("tcp://localhost:5558");

// getchar (): wait for a line on stdin
const stdin = createInterface({ input: process.stdin, output: process.stdout });
await stdin.question("Press Enter when the workers are ready: ");
stdin.close();
console.log("Sending tasks to workers…");

// The first message is "0" and signals start of batch
await sSend(sink, "0");

// Send 100 tasks
let totalMsec = 0; // Total expected cost in msecs
for (let taskNbr = 0; taskNbr < 100; taskNbr++) {
  // Random workload from 1 to 100msecs
  const workload = randof(100) + 1;
  totalMsec += workload;
  await sSend(sender, String(workload));
}
console.log(`Total expected cost: ${totalMsec} msec`);
await sSleep(1000); // Give 0MQ time to deliver

sink.close();
sender.close();
await context.term();
