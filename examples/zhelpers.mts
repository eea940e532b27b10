// Helper module for example applications: the Guide's zhelpers.h in TypeScript.
// s_recv → sRecv, s_send → sSend, s_sendmore → sSendmore, s_dump → sDump,
// s_set_id → sSetId, s_sleep → sSleep, s_clock → sClock, s_catch_signals → sCatchSignals.
import * as zmq from "zmq-napi";
import { Worker } from "node:worker_threads";

// Provide random number from 0..(num-1)
export function randof(num: number): number {
  return Math.floor(num * Math.random());
}

// Receive 0MQ string from socket and convert into string
// (rejects with a ZmqError of code EINTR when interrupted after sCatchSignals())
export async function sRecv(socket: zmq.Socket): Promise<string> {
  const message = await socket.recv();
  return message.toString();
}

// Convert string to 0MQ string and send to socket
export function sSend(socket: zmq.Socket, string: string): Promise<void> {
  return socket.send(string);
}

// Sends string as 0MQ string, as multipart non-terminal
export function sSendmore(socket: zmq.Socket, string: string): Promise<void> {
  return socket.send(string, zmq.SNDMORE);
}

// Receives all message parts from socket, prints neatly
export async function sDump(socket: zmq.Socket): Promise<void> {
  console.log("----------------------------------------");
  while (true) {
    // Process all parts of the message
    const data = await socket.recv();

    // Dump the message as text or binary
    const isText = data.every((byte) => byte >= 32 && byte <= 127);
    const size = String(data.length).padStart(3, "0");
    console.log(`[${size}] ${isText ? data.toString("latin1") : data.toString("hex").toUpperCase()}`);

    if (!socket.more) break; // Last message part
  }
}

// Set simple random printable identity on socket
// (ZMQ_IDENTITY is ZMQ_ROUTING_ID since libzmq 4.1; zmq.IDENTITY is kept as an alias)
export function sSetId(socket: zmq.Socket): void {
  const part = () => randof(0x10000).toString(16).toUpperCase().padStart(4, "0");
  socket.setsockopt(zmq.ROUTING_ID, `${part()}-${part()}`);
}

// Sleep for a number of milliseconds
export function sSleep(msecs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msecs));
}

// Return current system clock as milliseconds
export function sClock(): number {
  return Date.now();
}

// Call sCatchSignals() in your application at startup, and then exit
// your main loop if zmq.interrupted is ever true. Works especially well with
// zmq.poll: after it, a pending recv, send or poll rejects with EINTR.
export function sCatchSignals(): void {
  zmq.catchSignals();
}

// Print formatted string to stdout, prefixed by date/time and
// terminated with a newline.
export function sConsole(text: string): void {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp =
    `${String(now.getFullYear() % 100).padStart(2, "0")}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ` +
    `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  console.log(`${stamp} ${text}`);
}

// The Guide's pthread_create for a TypeScript module: starts `module` (usually
// `import.meta.url`) in a worker_threads Worker, which tells itself apart with
// `isMainThread` and reads its argument from `workerData`. Under Node 20 the TypeScript
// loader that runs these examples (tsx, registered by `node --import tsx`) does not reach
// Workers, so the Worker registers it before importing the module.
export function sThread(module: string | URL, workerData?: unknown): Worker {
  const href = module instanceof URL ? module.href : module;
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot =
    `import { register } from ${JSON.stringify(tsx)};\n` +
    `register();\n` +
    `await import(${JSON.stringify(href)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}
