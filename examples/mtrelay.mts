// Multithreaded relay
// Each step is a worker_threads Worker running this same file, told which step it is by its
// workerData. The C threads are handed the context; here each is handed context.share(),
// which zmq.Context.attach turns into a Context on the same libzmq context.
import * as zmq from "zmq-napi";
import { writeSync } from "node:fs";
import { isMainThread, workerData } from "node:worker_threads";
import { sRecv, sSend, sThread } from "./zhelpers.mjs";

// printf: a Worker's console.log is passed on by the main thread and may come out after
// the main thread's own lines; writing to stdout directly keeps the C program's order.
function printf(line: string): void {
  writeSync(1, `${line}\n`);
}

interface Step {
  step: 1 | 2;
  context: zmq.SharedContext;
}

async function step1(context: zmq.Context): Promise<void> {
  // Connect to step2 and tell it we're ready
  const xmitter = context.socket(zmq.PAIR);
  xmitter.connect("inproc://step2");
  printf("Step 1 ready, signaling step 2");
  await sSend(xmitter, "READY");
  xmitter.close();
}

async function step2(context: zmq.Context): Promise<void> {
  // Bind inproc socket before starting step1
  const receiver = context.socket(zmq.PAIR);
  receiver.bind("inproc://step2");
  sThread(import.meta.url, { step: 1, context: context.share() } satisfies Step);

  // Wait for signal and pass it on
  await sRecv(receiver);
  receiver.close();

  // Connect to step3 and tell it we're ready
  const xmitter = context.socket(zmq.PAIR);
  xmitter.connect("inproc://step3");
  printf("Step 2 ready, signaling step 3");
  await sSend(xmitter, "READY");
  xmitter.close();
}

async function main(): Promise<void> {
  const context = zmq.init(1);

  // Bind inproc socket before starting step2
  const receiver = context.socket(zmq.PAIR);
  receiver.bind("inproc://step3");
  sThread(import.meta.url, { step: 2, context: context.share() } satisfies Step);

  // Wait for signal
  await sRecv(receiver);
  receiver.close();

  printf("Test successful!");
  await context.term();
}

if (isMainThread) {
  await main();
} else {
  const { step, context } = workerData as Step;
  if (step === 1) await step1(zmq.Context.attach(context));
  else await step2(zmq.Context.attach(context));
}
