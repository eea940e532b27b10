// npm run bench:memory — memory under a long flood, the performance issue's memory target:
// 10,000,000 messages of 1 KiB and 10,000 of 1 MiB through one PUSH→PULL pair over tcp,
// written the idiomatic way (`await send` loop, `for await` receive), in one process.
//
// Two figures per run. Growth: RSS sampled after a full collection (and the turn after it,
// when Node runs the finalizers that free received frames' memory) every twentieth of the
// run; how far its level rose after warm-up (the first fifth; see run()): memory kept per
// message shows here (target: under 20 MB). Peak: RSS read every 50 ms with no
// collection forced, what the flood really holds at its worst (garbage the GC has not yet
// taken included): the bound under load, reported, not a target.
//
// Run with --expose-gc (the npm script does). A benchmark, not a test: it prints and
// exits 0 whatever it measured; the targets' verdicts are in its output.
import * as zmq from "zmq-napi";
import { median } from "./median.js";

interface Phase {
  readonly name: string;
  readonly size: number;
  readonly count: number;
  /** SNDHWM and RCVHWM: libzmq's queues hold up to this many messages each way */
  readonly hwm: number;
}

const KiB = 1024;
const scale = Number(process.env.MEMORY_SCALE ?? 1); // smaller runs, for trying it out
// The 1 MiB pair's queues are kept to 64 messages: at libzmq's default of 1,000 they alone
// may hold 2 GB (a PUSH's and a PULL's, both in this process), and fill slowly enough that
// "growth after warm-up" would measure them filling, not what zmq-napi keeps.
const phases: readonly Phase[] = [
  { name: "10M × 1 KiB", size: 1 * KiB, count: Math.round(10_000_000 * scale), hwm: 1000 },
  { name: "10k × 1 MiB", size: 1024 * KiB, count: Math.round(10_000 * scale), hwm: 64 },
];
const MAX_GROWTH_MB = 20;
const SAMPLES = 20;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc (npm run bench:memory does)");

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function run(phase: Phase): Promise<{ growth: number; peak: number; seconds: number }> {
  const pull = zmq.context().socket(zmq.PULL);
  const push = zmq.context().socket(zmq.PUSH);
  pull.setsockopt(zmq.RCVHWM, phase.hwm);
  push.setsockopt(zmq.SNDHWM, phase.hwm);
  pull.bind("tcp://127.0.0.1:*");
  push.connect(pull.lastEndpoint);

  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const samples: { at: number; rss: number }[] = [];
  const every = Math.max(1, Math.floor(phase.count / SAMPLES));

  const started = Date.now();
  const sending = (async () => {
    const message = Buffer.alloc(phase.size, "x");
    for (let i = 0; i < phase.count; i++) await push.send(message);
  })();
  let received = 0;
  for await (const [frame] of pull) {
    if (frame.length !== phase.size) throw new Error(`message ${received} has ${frame.length} bytes`);
    if (++received % every === 0) {
      gc!();
      // Node frees an external buffer's memory in the turn after the collection that found
      // it dead (its finalizer is a setImmediate of its own).
      await new Promise((resolve) => setImmediate(resolve));
      samples.push({ at: received, rss: process.memoryUsage.rss() });
    }
    if (received === phase.count) break;
  }
  await sending;
  const seconds = (Date.now() - started) / 1000;
  clearInterval(watch);
  push.close();
  pull.close();

  // The level, not single samples: with 1 MiB messages RSS swings by tens of MB from one
  // sample to the next as libzmq's queues and the garbage not yet collected come and go
  // (213–280 MB here, no trend). Growth is the median of the last third of the samples
  // after warm-up less the median of the first third: memory kept per message raises it.
  const warm = samples.filter((s) => s.at >= phase.count / 5).map((s) => s.rss);
  const third = Math.max(1, Math.floor(warm.length / 3));
  const growth = mb(median(warm.slice(-third))! - median(warm.slice(0, third))!);
  if (process.env.MEMORY_SAMPLES) console.log(samples.map((s) => mb(s.rss)).join(" "));
  return { growth, peak: mb(peak), seconds };
}

console.log(`zmq-napi bench:memory — Node ${process.version}, libzmq ${zmq.version().join(".")}`);
let met = 0;
for (const phase of phases) {
  const { growth, peak, seconds } = await run(phase);
  const ok = growth < MAX_GROWTH_MB;
  if (ok) met++;
  console.log(
    `${phase.name.padEnd(12)} ${seconds.toFixed(1).padStart(6)} s  RSS growth after warm-up ${String(growth).padStart(5)} MB ` +
      `(target < ${MAX_GROWTH_MB}: ${ok ? "met" : "NOT met"})  peak RSS under load ${peak} MB (HWM ${phase.hwm})`,
  );
}
console.log(`${met} of ${phases.length} memory targets met.`);
