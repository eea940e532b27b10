// Publisher for durable subscriber, the way libzmq 3 and 4 allow
//
// The Guide's durapub2 kept a durable subscriber's updates in the PUB socket itself, up to
// ZMQ_HWM and then in a ZMQ_SWAP file. libzmq 3.0 removed durable sockets and ZMQ_SWAP, so
// here the publisher keeps the history: every update carries a sequence number, the last
// HISTORY_HWM updates are kept, and a subscriber that comes back tells us, on a REQ/REP side
// channel in place of durapub's PULL, the last sequence number it saw; we resend what
// followed it. Like the Guide's HWM, the bound keeps a subscriber that stays away from
// making the publisher run out of memory: what is older than the history is lost to it.
import * as zmq from "zmq-napi";
import { sRecv, sSend, sSendmore, sSleep } from "./zhelpers.mjs";

// How many updates we keep for subscribers that were away (the Guide's HWM)
const HISTORY_HWM = 5;
// Ten updates, then END, which has a sequence number too, so it can be resent
const UPDATES = 10;
const END = UPDATES;

const context = zmq.init(1);

// Subscriber tells us here when it's ready and what it saw last: a sequence number, -1 for
// nothing; we answer with how many updates follow, then each as a number and its text
const sync = context.socket(zmq.REP);
sync.bind("tcp://*:5564");

// We send updates via this socket: the sequence number, then the text
const publisher = context.socket(zmq.PUB);
publisher.bind("tcp://*:5565");

const history: { sequence: number; text: string }[] = [];

async function publish(sequence: number, text: string): Promise<void> {
  history.push({ sequence, text });
  if (history.length > HISTORY_HWM) history.shift();
  await sSendmore(publisher, String(sequence));
  await sSend(publisher, text);
}

// Answers resend requests until the subscriber says it has seen END
async function serveResends(onFirst: () => void): Promise<void> {
  while (true) {
    const last = Number.parseInt(await sRecv(sync), 10);
    const missed = history.filter((update) => update.sequence > last);
    await sync.send([String(missed.length), ...missed.flatMap((u) => [String(u.sequence), u.text])]);
    onFirst();
    if (last >= END) return;
  }
}

// Wait for synchronization request
let synchronized!: () => void;
const firstRequest = new Promise<void>((resolve) => (synchronized = resolve));
const resends = serveResends(() => synchronized());
await firstRequest;

// Now broadcast exactly 10 updates with pause
for (let updateNbr = 0; updateNbr < UPDATES; updateNbr++) {
  await publish(updateNbr, `Update ${updateNbr}`);
  await sSleep(1000);
}
await publish(END, "END");

// Stay until the subscriber has everything
await resends;

sync.close();
publisher.close();
await context.term();
