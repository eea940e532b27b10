// The RSS soak (npm run test:soak): 1,000,000 messages through a PAIR pair over tcp, RSS
// sampled as they go. Memory must level off: a few bytes kept per message would add up to
// tens of MB here, far above what the heap's own growth and fragmentation explain.
// Run with --expose-gc, so each sample is taken after a full collection, and with V8's young
// generation at a fixed size (--min-semi-space-size=16 --max-semi-space-size=16, as
// `npm run test:soak` does): left to itself V8 grows it in steps while the flood goes on
// (heapTotal 15 → 23 → 39 MB over 10 million messages here, heapUsed flat at 6 MB), which
// would pass for growth in RSS and hide, or be taken for, a leak.
// Exits 0 when growth stayed bounded, 1 (printing the samples) when it did not.
import * as zmq from "zmq-napi";

const TOTAL = Number(process.env.SOAK_MESSAGES ?? 1_000_000);
const SAMPLE_EVERY = TOTAL / 20;
// Samples before this count are warm-up: heap, JIT, libzmq's queues and pools reach their
// working size.
const WARM_UP = TOTAL / 5;
// Measured: about 1 MB of growth after warm-up. 16 MB over the 800,000 messages after it
// catches a leak of 20 bytes a message.
const MAX_GROWTH_MB = 16;
// A lost message would leave the consumer waiting for ever: fail instead (it takes ~10 s).
const DEADLINE_MS = 180_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

const ctx = new zmq.Context();
const left = ctx.socket(zmq.PAIR);
const right = ctx.socket(zmq.PAIR);
left.bind("tcp://127.0.0.1:*");
right.connect(left.lastEndpoint);

const small = Buffer.alloc(64, 1);
const large = Buffer.alloc(32 * 1024, 2); // past the receive arena: a Buffer of its own

/** Every path a message can take: send/recv, multipart, Message objects, the batch calls. */
async function produce(): Promise<void> {
  for (let i = 0; i < TOTAL; ) {
    if (i % 1000 === 0) {
      await left.send(new zmq.Message(large));
      i++;
    } else if (i % 100 === 0) {
      await left.sendMany(Array.from({ length: 50 }, () => [small, "frame two"]));
      i += 50;
    } else {
      await left.send(small);
      i++;
    }
  }
}

const samples: { received: number; rssMb: number }[] = [];
function sample(received: number): void {
  gc!();
  samples.push({ received, rssMb: Math.round((process.memoryUsage.rss() / 2 ** 20) * 10) / 10 });
}

async function consume(): Promise<void> {
  let received = 0;
  let nextSample = SAMPLE_EVERY;
  while (received < TOTAL) {
    if (received % 3 === 0) {
      const msg = await right.recvMsg();
      if (msg.more) await right.recvMultipart(); // rest of a multipart message
      msg.close();
      received++;
    } else {
      received += (await right.recvMany(64)).length;
    }
    if (received >= nextSample) {
      sample(received);
      nextSample += SAMPLE_EVERY;
    }
  }
}

sample(0);
const started = Date.now();
const watchdog = setTimeout(() => {
  console.log(`soak failed: not done within ${DEADLINE_MS} ms`, JSON.stringify(samples));
  process.exit(1);
}, DEADLINE_MS);
watchdog.unref();
await Promise.all([produce(), consume()]);
left.close();
right.close();
await ctx.term();

const baseline = samples.find((s) => s.received >= WARM_UP)!;
const peak = Math.max(...samples.filter((s) => s.received >= WARM_UP).map((s) => s.rssMb));
const growth = Math.round((peak - baseline.rssMb) * 10) / 10;
console.log(JSON.stringify({ messages: TOTAL, seconds: (Date.now() - started) / 1000, samples }));
console.log(`RSS after warm-up ${baseline.rssMb} MB, peak ${peak} MB: growth ${growth} MB (limit ${MAX_GROWTH_MB} MB)`);
if (growth > MAX_GROWTH_MB) {
  console.log("soak failed: memory kept growing");
  process.exit(1);
}
console.log("soak passed");
