// The instruction count behind docs/PERFORMANCE.md's "Diagnostics channels": a PUSH and a
// PULL over inproc in one thread, `count` 8-byte messages (an `await push.send(message)`
// loop, the PULL's async iterator), with nobody subscribed to the zmq-napi:* channels or
// (`sub`) a subscriber on every one; fails if anything is published on the message path.
// Plain JavaScript over a built dist/ (`npm run build:ts`), so that valgrind runs no tsx:
//
//   valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=out \
//     node --single-threaded bench/diagnostics-instructions.mjs dist 202000 sub
//
// The main thread's count is `out-01`'s totals; per message, a long run's minus a short one's
// (2,000 messages) over the difference. `--single-threaded` keeps V8's compiling and marking
// on the measured thread, where it is counted whatever the timing.
import diagnostics_channel from "node:diagnostics_channel";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [dist, countArg, mode] = process.argv.slice(2);
if (dist === undefined || !(Number(countArg) >= 1) || (mode !== "sub" && mode !== "nosub")) {
  console.error("usage: node bench/diagnostics-instructions.mjs <dist dir> <count> <sub|nosub>");
  process.exit(2);
}
const zmq = createRequire(import.meta.url)(resolve(dist));
const count = Number(countArg);
const names = ["open", "bind", "unbind", "connect", "disconnect", "close", "error"].map((n) => `zmq-napi:socket:${n}`);
let published = 0;
const listener = () => {
  published++;
};
if (mode === "sub") for (const name of names) diagnostics_channel.subscribe(name, listener);

const ctx = new zmq.Context();
const pull = ctx.socket(zmq.PULL);
const push = ctx.socket(zmq.PUSH);
pull.bind("inproc://diagnostics-instructions");
push.connect("inproc://diagnostics-instructions");
const message = Buffer.alloc(8, "x");
const messages = pull[Symbol.asyncIterator]();
const before = published;
const sending = (async () => {
  for (let i = 0; i < count; i++) await push.send(message);
})();
for (let i = 0; i < count; i++) {
  const { done, value } = await messages.next();
  if (done || value[0].length !== 8) throw new Error(`message ${i}: ${done ? "the socket ended" : "wrong size"}`);
}
await sending;
if (published !== before) throw new Error(`${published - before} messages published on the message path`);
push.close();
pull.close();
await ctx.term();
