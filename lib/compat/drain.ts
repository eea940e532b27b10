// close() with sends still held, because a peer's high-water mark was reached: libzmq's
// linger delivers what libzmq already has after zmq_close, and compat does the same for
// what it holds. The zmq-napi socket stays open behind the closed compat one, on its own
// watch, handing libzmq the held messages as room comes, and is closed once they are all
// gone. It gives up (the rest fail with ENOTSOCK) once none has left for ZMQ_LINGER ms, or
// where LINGER is -1 for zmq-napi's exit linger (1 s by default): a socket whose peer went
// away must not keep the process alive for ever. At process exit, which cannot wait for
// ZMQ_FD, the same is done synchronously (drainAtExit).
import { LINGER, POLLOUT } from "../constants";
import type { SocketInternals } from "../engine/registry";
import { isEndOfSocket } from "../errors";
import { getExitLinger } from "../process-life";
import type { Socket as NapiSocket } from "../socket";
import { compatError, throwUncaught } from "./errors";
import type { Outbox } from "./outbox";

// How soon a drain looks again when ZMQ_EVENTS says POLLOUT but nothing could go (a ROUTER
// whose one full peer blocks the message while others have room).
const STALLED_RETRY_MS = 10;

/** Closes `socket` now: what `outbox` still holds fails with ENOTSOCK. */
export function closeNow(socket: NapiSocket, outbox: Outbox): void {
  socket.close();
  outbox.dropAll(compatError("ENOTSOCK"));
}

/** Hands `outbox` to libzmq as room comes, then closes `socket` and calls `closed`. */
export function drainThenClose(
  socket: NapiSocket,
  internals: SocketInternals,
  outbox: Outbox,
  closed: () => void,
): void {
  const linger = socket.getsockopt(LINGER) as number;
  let retry: NodeJS.Timeout | undefined;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(patience);
    clearTimeout(retry);
    internals.removePollWaiter(wake);
    closed();
    closeNow(socket, outbox);
  };
  const drain = () => {
    for (;;) {
      if (outbox.flush().moved > 0) patience.refresh();
      if (outbox.held === 0) return finish();
      // The attempt may have taken ZMQ_FD's signal: ZMQ_EVENTS says whether to go on.
      if ((internals.events() & POLLOUT) === 0) return;
      if (outbox.flush().moved === 0) {
        retry ??= setTimeout(() => ((retry = undefined), wake()), STALLED_RETRY_MS).unref();
        return;
      }
      patience.refresh();
    }
  };
  const wake = () => {
    try {
      drain();
    } catch (error) {
      if (isEndOfSocket(error)) finish();
      else throwUncaught(error); // a callback of a held send threw
    }
  };
  // The watch keeps the process alive while the socket is ref()ed; this timer never does.
  const patience = setTimeout(finish, linger >= 0 ? linger : getExitLinger()).unref();
  internals.addPollWaiter(wake);
  wake();
}

// A synchronous sleep for drainAtExit, between looks at ZMQ_EVENTS: no core spun meanwhile.
const nap = new Int32Array(new SharedArrayBuffer(4));
const NAP_MS = 1;

/**
 * At process exit: hands libzmq every held message it takes within the socket's patience
 * (as drainThenClose's), reading ZMQ_EVENTS between tries, which takes in libzmq's "room
 * again" from its I/O thread. Before zmq-napi's own exit closes the sockets with their
 * linger: then messages sent past the high-water mark right before process.exit() arrive.
 * A REQ's held requests wait for replies that will not come: tried once.
 */
export function drainAtExit(socket: NapiSocket, internals: SocketInternals, outbox: Outbox): void {
  if (!outbox.drains) return void outbox.flush();
  const linger = socket.getsockopt(LINGER) as number;
  const patience = Math.min(linger >= 0 ? linger : Infinity, getExitLinger());
  let progressed = Date.now();
  try {
    while (outbox.held > 0) {
      if (outbox.flush().moved > 0) {
        progressed = Date.now();
      } else if (Date.now() - progressed >= patience) {
        return;
      } else if ((internals.events() & POLLOUT) === 0) {
        Atomics.wait(nap, 0, 0, NAP_MS);
      }
    }
  } catch (error) {
    if (!isEndOfSocket(error)) throw error; // the context went first: nothing more can go
  }
}
