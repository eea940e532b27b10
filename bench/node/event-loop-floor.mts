// A lower bound, not a binding: REQ/REP round trips with no promise, queue or iterator at
// all. zmq-napi's sockets, woken by a bare uv_poll callback on ZMQ_FD (the addon's
// FdWatcher, internal) and served with the synchronous tryRecv/trySend. What is left is
// what any binding whose receives are driven by Node's event loop pays per message: libuv's
// wake-up, a call into JavaScript, and the calls into the addon. Latency only.
// Protocol: bench/node/common.mts.
import * as zmq from "zmq-napi";
import { native } from "../../lib/native.js";
import { now, parseArgs, payload, ready, report } from "./common.mjs";

const { role, endpoint, size, count } = parseArgs(process.argv.slice(2));

/** Calls `onMessage` with each message the socket receives, from ZMQ_FD's wake-ups. */
function serve(socket: zmq.Socket, onMessage: (frame: Buffer) => boolean): void {
  const watcher = new native.FdWatcher(socket.getsockopt(zmq.FD) as number, zmq.POLLIN, () => {
    // ZMQ_FD is edge-triggered: take everything there before waiting again.
    for (let frame = socket.tryRecv(); frame !== null; frame = socket.tryRecv()) {
      if (!onMessage(frame)) {
        watcher.close();
        socket.close();
        return;
      }
    }
  });
}

// A REQ or REP always has room for its one message in flight.
function sendNow(socket: zmq.Socket, message: Buffer): void {
  if (!socket.trySend(message)) throw new Error("a REQ/REP send would block");
}

if (role === "rep") {
  const rep = zmq.context().socket(zmq.REP);
  rep.bind(endpoint);
  ready(rep.lastEndpoint);
  let served = 0;
  serve(rep, (request) => {
    sendNow(rep, request);
    return ++served < count;
  });
} else if (role === "req") {
  const req = zmq.context().socket(zmq.REQ);
  req.connect(endpoint);
  const message = payload(size);
  let replies = 0;
  let start = 0n;
  serve(req, (reply) => {
    if (reply.length !== size) throw new Error(`reply of ${reply.length} bytes, not ${size}`);
    // The first round trip waits for the connection: not timed.
    if (++replies === 1) start = now();
    if (replies === count) {
      report(count - 1, start, now());
      return false;
    }
    sendNow(req, message);
    return true;
  });
  sendNow(req, message); // queued until the connection is up (ZMQ_IMMEDIATE is off)
} else {
  throw new Error(`the event-loop floor runs latency only (rep, req), not ${role}`);
}
