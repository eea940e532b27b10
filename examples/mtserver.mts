// Multithreaded Hello World server
// Each worker thread is a worker_threads Worker running this same file. The threads share
// the process-wide context zmq.context(), as the C threads share the context they are given,
// so the workers' inproc://workers reaches the main thread's DEALER.
import * as zmq from "zmq-napi";
import { isMainThread } from "node:worker_threads";
import { sRecv, sSend, sSleep, sThread } from "./zhelpers.mjs";

async function workerRoutine(context: zmq.Context): Promise<void> {
  // Socket to talk to dispatcher
  const receiver = context.socket(zmq.REP);
  receiver.connect("inproc://workers");

  while (true) {
    const string = await sRecv(receiver);
    console.log(`Received request: [${string}]`);
    // Do some 'work'
    await sSleep(1000);
    // Send reply back to client
    await sSend(receiver, "World");
  }
}

async function main(): Promise<void> {
  const context = zmq.context();

  // Socket to talk to clients
  const clients = context.socket(zmq.ROUTER);
  clients.bind("tcp://*:5555");

  // Socket to talk to workers
  const workers = context.socket(zmq.DEALER);
  workers.bind("inproc://workers");

  // Launch pool of worker threads
  for (let threadNbr = 0; threadNbr < 5; threadNbr++) {
    sThread(import.meta.url);
  }
  // Connect work threads to client threads via a queue
  // (zmq_device is gone since libzmq 3; zmq.device runs zmq_proxy, on a native thread)
  await zmq.device(zmq.QUEUE, clients, workers);

  // We never get here but clean up anyhow
  clients.close();
  workers.close();
  await context.term();
}

if (isMainThread) await main();
else await workerRoutine(zmq.context());
