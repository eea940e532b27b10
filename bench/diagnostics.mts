// npm run bench:diagnostics [-- --rounds N] [--count N] [--aa]
//
// What the node:diagnostics_channel hooks (lib/diagnostics.ts) cost: 8-byte messages from
// a PUSH in a Worker to a PULL in the main thread over tcp loopback, the idiomatic way (an
// `await push.send(message)` loop; the PULL's async iterator), `count` a round, timed from
// the first message received to the last. Rounds alternate, ABBA, between nobody subscribed
// and a subscriber on every zmq-napi:* channel in both threads; each prints its median rate
// and the spread (min–max) of its rounds, and the ratio of the medians. A warm-up round of
// each goes first and is not counted. --aa: neither group subscribes (the noise floor);
// --unrelated: the second group subscribes to as many channels zmq-napi never publishes on
// (what subscribing itself costs: Node changes each channel's prototype both ways).
// Also the CPU time per message of the round, the whole process's (both threads and libzmq's
// I/O thread): on a shared machine it moves less than the rate with what else runs.
import diagnostics_channel from "node:diagnostics_channel";
import { loadavg } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import * as zmq from "zmq-napi";
import { median } from "./median.js";

const SIZE = 8;

interface Options {
  rounds: number;
  count: number;
  aa: boolean;
  unrelated: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { rounds: 10, count: 200_000, aa: false, unrelated: false };
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    if (argv[i] === "--aa") options.aa = true;
    else if (argv[i] === "--unrelated") options.unrelated = true;
    else if ((argv[i] === "--rounds" || argv[i] === "--count") && Number.isInteger(value) && value >= 2) {
      options[argv[i] === "--rounds" ? "rounds" : "count"] = value;
      i++;
    } else {
      console.error("usage: npm run bench:diagnostics -- [--rounds N] [--count N] [--aa | --unrelated]");
      process.exit(argv[i] === "--help" ? 0 : 2);
    }
  }
  return options;
}

// The channels' names, from the library when it has them; else (the code before them, run
// for a comparison) the names they were given.
const zmqNames: readonly string[] = Object.values(
  (zmq as { diagnosticsChannels?: Record<string, string> }).diagnosticsChannels ??
    Object.fromEntries(
      ["open", "bind", "unbind", "connect", "disconnect", "close", "error"].map((n) => [n, `zmq-napi:socket:${n}`]),
    ),
);

const options = parseOptions(process.argv.slice(isMainThread ? 2 : 3));
const names = options.unrelated ? zmqNames.map((name) => `bench-unrelated:${name}`) : zmqNames;

let published = 0;
const listener = () => {
  published++;
};

function subscribeAll(subscribed: boolean): void {
  for (const name of names) {
    if (subscribed) diagnostics_channel.subscribe(name, listener);
    else diagnostics_channel.unsubscribe(name, listener);
  }
}

interface Round {
  readonly count: number;
  readonly subscribed: boolean;
}

// The Worker: on each Round posted, sends its messages, then posts how many were published.
function sender(endpoint: string): void {
  const push = zmq.context().socket(zmq.PUSH);
  push.connect(endpoint);
  const message = Buffer.alloc(SIZE, "x");
  parentPort!.on("message", async (round: Round | null) => {
    if (round === null) {
      push.close();
      parentPort!.close();
      return;
    }
    subscribeAll(round.subscribed);
    for (let i = 0; i < round.count; i++) await push.send(message);
    parentPort!.postMessage(published);
  });
}

interface Measure {
  readonly rate: number; // messages a second, first received to last
  readonly cpu: number; // ns of CPU time a message, the whole round
}

async function receive(worker: Worker, messages: AsyncIterator<Buffer[]>, round: Round): Promise<Measure> {
  subscribeAll(round.subscribed);
  const cpuBefore = process.cpuUsage();
  const sent = new Promise((resolve) => worker.once("message", resolve));
  worker.postMessage(round);
  let start = 0n;
  for (let i = 0; i < round.count; i++) {
    const { done, value } = await messages.next();
    if (i === 0) start = process.hrtime.bigint();
    if (done || value[0].length !== SIZE) throw new Error(`message ${i}: ${done ? "the socket ended" : "wrong size"}`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  published += (await sent) as number;
  const cpu = process.cpuUsage(cpuBefore);
  return { rate: (round.count - 1) / seconds, cpu: ((cpu.user + cpu.system) * 1000) / round.count };
}

async function main(): Promise<void> {
  const { rounds, count, aa, unrelated } = options;
  const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
  console.log(
    `diagnostics bench: ${SIZE} B PUSH (Worker) → PULL over tcp loopback, ${count} messages a round, ` +
      `${rounds} rounds each${aa ? ", A/A: nobody subscribed in either group" : ""}` +
      `${unrelated ? ", subscribed to channels zmq-napi does not publish on" : ""}`,
  );
  console.log(`load before: ${load()}`);
  const pull = zmq.context().socket(zmq.PULL);
  pull.bind("tcp://127.0.0.1:*");
  const worker = new Worker(new URL("./node/ts-worker.mjs", import.meta.url), {
    argv: [import.meta.url, ...process.argv.slice(2)],
    workerData: pull.lastEndpoint,
  });
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  const messages = pull[Symbol.asyncIterator]();
  const rates = { off: [] as number[], on: [] as number[] };
  const cpus = { off: [] as number[], on: [] as number[] };
  const order = (i: number) => (i % 4 === 0 || i % 4 === 3 ? "off" : "on"); // ABBA…
  for (const key of ["off", "on"] as const) await receive(worker, messages, { count, subscribed: key === "on" && !aa });
  for (let i = 0; i < 2 * rounds; i++) {
    const key = order(i);
    const { rate, cpu } = await receive(worker, messages, { count, subscribed: key === "on" && !aa });
    rates[key].push(rate);
    cpus[key].push(cpu);
  }
  subscribeAll(false);
  worker.postMessage(null);
  await exited;
  pull.close();

  const format = (rate: number) => `${(rate / 1000).toFixed(0)}k/s`;
  for (const key of ["off", "on"] as const) {
    const on = unrelated ? "subscribed, unrelated" : "subscribed, all 7    ";
    const label = key === "off" || aa ? `nobody subscribed (${key === "off" ? "A" : "B"})` : on;
    const spread = `${format(Math.min(...rates[key]))}–${format(Math.max(...rates[key]))}`;
    const cpu = `${median(cpus[key])!.toFixed(0)} ns (${Math.min(...cpus[key]).toFixed(0)}–${Math.max(...cpus[key]).toFixed(0)})`;
    console.log(`${label}  median ${format(median(rates[key])!)}  spread ${spread}  CPU/message ${cpu}`);
  }
  const ratio = (of: { on: number[]; off: number[] }) => (median(of.on)! / median(of.off)!).toFixed(3);
  console.log(`ratio ${aa ? "B / A" : "subscribed / not"}: rate ${ratio(rates)}, CPU/message ${ratio(cpus)}`);
  console.log(`messages published meanwhile: ${published} (none expected: no errors, no sockets made)`);
  console.log(`load after: ${load()}`);
}

if (isMainThread) await main();
else sender(workerData as string);
