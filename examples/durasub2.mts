// Durable subscriber, the way libzmq 3 and 4 allow: see durapub2
// Usage: durasub2 [state-file]
//
// The subscriber, not the socket, remembers where it was: after each update it stores the
// update's sequence number in the state file, so that when it is killed and restarted it
// asks durapub2 for what followed that number. It asks again whenever it sees a gap in the
// numbers, or nothing comes for a while (a SUB misses what is published before its
// subscription reaches the publisher), and drops updates it has already printed.
import * as zmq from "zmq-napi";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { sSend } from "./zhelpers.mjs";

const stateFile = process.argv[2] ?? "durasub2.seq";
// After this long without an update we ask the publisher (it publishes once a second)
const RESEND_IVL = 2500;
const END = 10;

// The last sequence number we printed, -1 for none
let last = existsSync(stateFile) ? Number.parseInt(readFileSync(stateFile, "utf8"), 10) : -1;

const context = zmq.init(1);

// Connect our subscriber socket
const subscriber = context.socket(zmq.SUB);
subscriber.setsockopt(zmq.SUBSCRIBE, "");
subscriber.connect("tcp://localhost:5565");

// Synchronize with publisher, and ask it for what we missed
const sync = context.socket(zmq.REQ);
sync.connect("tcp://localhost:5564");

// Prints an update unless we had it already, and remembers that we had it. The number is
// stored before the update is printed: a kill between the two loses that one line, where
// the other order would print it twice; a real subscriber would store the number in the
// same transaction as what it does with the update. The state file is replaced whole
// (written aside, then renamed), so a kill never leaves half a number.
function deliver(sequence: number, text: string): void {
  if (sequence <= last) return;
  if (sequence > last + 1) console.log(`W: updates ${last + 1} to ${sequence - 1} are lost, too old to resend`);
  writeFileSync(`${stateFile}.tmp`, String(sequence));
  renameSync(`${stateFile}.tmp`, stateFile);
  last = sequence;
  console.log(text);
}

async function resend(): Promise<void> {
  await sSend(sync, String(last));
  const [count, ...updates] = await sync.recvMultipart();
  for (let n = 0; n < Number(count); n++) deliver(Number(updates[2 * n]), updates[2 * n + 1].toString());
}

// Get updates, exit when told to do so
await resend();
const items: zmq.PollItem[] = [{ socket: subscriber, events: zmq.POLLIN }];
while (last < END) {
  if ((await zmq.poll(items, RESEND_IVL)) === 0) {
    await resend(); // nothing for a while
    continue;
  }
  const [sequence, text] = await subscriber.recvMultipart();
  if (Number(sequence) > last + 1) await resend(); // a gap: ask for what is missing
  deliver(Number(sequence), text.toString());
}
// Tell the publisher we have everything
await resend();

sync.close();
subscriber.close();
await context.term();
