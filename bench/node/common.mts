// What the Node peers share: their arguments and the JSON lines they print. Every peer
// (C, Python, Node) speaks the same protocol, so bench/run.mts treats them alike:
//
//   peer <role> <endpoint> <size> <count> [subscribers]
//
//   pull, rep, pub bind; when bound they print {"ready":"<endpoint>"} (a tcp port of * is
//   resolved to the one chosen). push, req, sub connect to the endpoint given.
//   inproc runs a PUSH and a PULL over inproc:// in one process (two threads where the
//   peer can).
//   pull, sub, inproc and req measure, and print {"n":…,"start":"<ns>","end":"<ns>"}:
//   n timed messages (round trips, for req) between two CLOCK_MONOTONIC readings, which
//   are comparable between processes. Receivers start the clock at their first message and
//   stop it at their last, so n = count - 1; req times the round trips after the first.
//   pub waits for `subscribers` subscriptions before it sends.
//   push and pub, once they have sent everything, wait for their stdin to close (the runner
//   closes it when the receivers have measured) before they close their socket and exit:
//   libzmq 4.3.4 can lose messages still in flight when a sender closes and exits at once,
//   its linger notwithstanding (zeromq/libzmq#4660; seen here over ipc with the C peer).
//   Run by hand, give them </dev/null.

export type Role = "push" | "pull" | "inproc" | "req" | "rep" | "pub" | "sub";
const roles: readonly Role[] = ["push", "pull", "inproc", "req", "rep", "pub", "sub"];

export interface Args {
  readonly role: Role;
  readonly endpoint: string;
  readonly size: number;
  readonly count: number;
  readonly subscribers: number;
}

export function parseArgs(argv: readonly string[]): Args {
  const [role, endpoint, size, count, subscribers = "1"] = argv;
  if (!roles.includes(role as Role) || !endpoint || !(Number(size) >= 1) || !(Number(count) >= 2)) {
    throw new Error(`usage: <${roles.join("|")}> <endpoint> <size ≥ 1> <count ≥ 2> [subscribers]`);
  }
  return { role: role as Role, endpoint, size: Number(size), count: Number(count), subscribers: Number(subscribers) };
}

/** The bytes every message carries. */
export function payload(size: number): Buffer {
  return Buffer.alloc(size, "x");
}

export function ready(endpoint: string): void {
  process.stdout.write(`${JSON.stringify({ ready: endpoint })}\n`);
}

/** Resolves when stdin closes: the runner's signal that a sender may close (see above). */
export function stdinClosed(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once("end", resolve).once("error", () => resolve()).resume();
  });
}

export const now = (): bigint => process.hrtime.bigint();

export function report(n: number, start: bigint, end: bigint): void {
  process.stdout.write(`${JSON.stringify({ n, start: String(start), end: String(end) })}\n`);
}

/**
 * Counts `count` messages from an async iterable of messages (both bindings yield each
 * message as its frames), checks their size, and reports the time from the first to the last.
 */
export async function receive(messages: AsyncIterable<Buffer[]>, size: number, count: number): Promise<void> {
  let received = 0;
  let start = 0n;
  for await (const [frame] of messages) {
    if (received === 0) start = now();
    if (frame.length !== size) throw new Error(`message ${received} has ${frame.length} bytes, not ${size}`);
    if (++received === count) break;
  }
  const end = now();
  if (received !== count) throw new Error(`the socket ended after ${received} of ${count} messages`);
  report(count - 1, start, end);
}

/** As `receive`, for a batch API that hands out every waiting message at once. */
export async function receiveBatches(next: () => Promise<Buffer[][]>, size: number, count: number): Promise<void> {
  let received = 0;
  let start = 0n;
  while (received < count) {
    const messages = await next();
    if (received === 0) start = now();
    for (const [frame] of messages) {
      if (frame.length !== size) throw new Error(`message ${received} has ${frame.length} bytes, not ${size}`);
      received++;
    }
  }
  const end = now();
  if (received !== count) throw new Error(`received ${received} messages, not ${count}`);
  report(count - 1, start, end);
}
