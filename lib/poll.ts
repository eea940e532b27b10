import "./disposal";
import { native, type NativeFdWatcher } from "./native";
import { internalsOf } from "./engine/registry";
import { Socket } from "./socket";
import { abortReason, armBounds, readCancelOptions } from "./call-options";
import { zmqError } from "./errors";
import { requireInt } from "./validate";

/** One entry of `zmq.poll`: a socket or a plain file descriptor, and the events wanted. */
export interface PollItem {
  socket?: Socket;
  fd?: number;
  /** zmq.POLLIN and/or zmq.POLLOUT. */
  events: number;
  /** Set by poll: which of `events` (or zmq.POLLERR) hold. */
  revents?: number;
}

/** `poll`'s and `Poller.poll`'s options, in place of their timeout. */
export interface PollOptions {
  /** Milliseconds to wait for a ready item (-1: for ever, 0: answer at once); then resolves with 0, as zmq_poll. */
  timeout?: number;
  /** Ends the wait: the poll rejects with the signal's reason (an AbortError by default). */
  signal?: AbortSignal;
}

const { POLLIN, POLLOUT } = native.constants as Record<string, number>;

/** Polls that are waiting, each with the way to fail it (for zmq.catchSignals). */
export const pendingPolls = new Set<(error: unknown) => void>();

/**
 * zmq_poll without blocking: resolves with the number of items that are ready, once one is
 * or the timeout (milliseconds) passes. Each item's `revents` is set. `-1` waits for ever,
 * `0` answers at once. Driven by the sockets' ZMQ_FD watchers: no busy loop, no thread.
 * In place of the timeout, `{ timeout, signal }`: a signal that aborts ends the wait, and the
 * poll rejects with its reason.
 *
 * @example
 * const items: zmq.PollItem[] = [{ socket: receiver, events: zmq.POLLIN }, { socket: subscriber, events: zmq.POLLIN }]
 * await zmq.poll(items)
 * if (items[0].revents! & zmq.POLLIN) {
 *   // … receiver has a message
 * }
 */
export function poll(items: PollItem[], options: number | PollOptions = -1): Promise<number> {
  return trackedPoll(items, options);
}

// poll, with the way to fail it also put in `owner` while it waits (a Poller's, for close).
function trackedPoll(items: PollItem[], options: number | PollOptions, owner?: Set<(error: unknown) => void>): Promise<number> {
  checkItems(items);
  let timeoutMs: number;
  let signal: AbortSignal | undefined;
  if (typeof options === "number") {
    timeoutMs = requireInt("timeout", options, -1);
  } else {
    const bounds = readCancelOptions(options, "poll takes a timeout or an options object");
    signal = bounds?.signal;
    timeoutMs = bounds?.timeout ?? -1;
  }
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  // Plain fds are looked at through their watchers once there are some: each watches a
  // duplicate of its fd, which stays valid however soon the caller closes theirs. By index:
  // the same item may be listed twice.
  const fdWatchers = new Map<number, NativeFdWatcher>();
  const check = (): number => {
    let ready = 0;
    for (const [index, item] of items.entries()) {
      const watcher = fdWatchers.get(index);
      item.revents =
        item.socket !== undefined
          ? internalsOf(item.socket).events() & item.events
          : watcher !== undefined
            ? watcher.events()
            : native.fdEvents(item.fd!, item.events);
      if (item.revents !== 0) ready++;
    }
    return ready;
  };
  return new Promise<number>((resolve, reject) => {
    const first = check();
    if (first > 0 || timeoutMs === 0) return resolve(first);

    const sockets = new Set(items.flatMap((item) => (item.socket ? [item.socket] : [])));
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      for (const socket of sockets) internalsOf(socket).removePollWaiter(wake);
      for (const watcher of fdWatchers.values()) watcher.close();
      fdWatchers.clear();
      if (timer !== undefined) clearTimeout(timer);
      unbindSignal();
      pendingPolls.delete(fail);
      owner?.delete(fail);
    };
    const fail = (error: unknown) => {
      finish();
      reject(error);
    };
    // The signal's half of a wait's bounds: poll's own timeout resolves, it does not fail.
    const unbindSignal = armBounds(-1, signal, fail);
    // Whatever woke us, look at every item again: readiness is what ZMQ_EVENTS and
    // poll(2) say now, not what the wake-up suggested.
    function wake() {
      let ready: number;
      try {
        ready = check();
      } catch (error) {
        return fail(error);
      }
      if (ready > 0) {
        finish();
        resolve(ready);
      }
    }
    pendingPolls.add(fail);
    owner?.add(fail);
    try {
      for (const socket of sockets) internalsOf(socket).addPollWaiter(wake);
      for (const [index, item] of items.entries()) {
        if (item.fd !== undefined) fdWatchers.set(index, new native.FdWatcher(item.fd, item.events, wake));
      }
    } catch (error) {
      return fail(error);
    }
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        // Looked at before finish(): the fd watchers, and the duplicates they hold, go with it.
        let ready: number;
        try {
          ready = check();
        } catch (error) {
          return fail(error);
        }
        finish();
        resolve(ready);
      }, timeoutMs);
    }
  });
}

function checkItems(items: unknown): asserts items is PollItem[] {
  if (!Array.isArray(items)) throw new TypeError("poll items must be an array");
  for (const item of items as unknown[]) {
    if (typeof item !== "object" || item === null) throw new TypeError("a poll item must be an object");
    const { socket, fd, events } = item as PollItem;
    if ((socket === undefined) === (fd === undefined)) {
      throw new TypeError("a poll item needs either a socket or an fd");
    }
    if (socket !== undefined && !(socket instanceof Socket)) {
      throw new TypeError("a poll item's socket must be a zmq Socket");
    }
    if (fd !== undefined) requireInt("fd", fd, 0);
    requireInt("events", events, 0);
  }
}

/**
 * A set of sockets (or fds) to poll again and again, as pyzmq's and czmq's pollers.
 *
 * @example
 * const poller = new zmq.Poller()
 * poller.register(receiver, zmq.POLLIN)
 * for (const [socket, events] of await poller.poll(1000)) {
 *   // … socket is ready for events
 * }
 */
export class Poller {
  readonly #items = new Map<Socket | number, PollItem>();
  readonly #pending = new Set<(error: unknown) => void>();
  #closed = false;

  /** Watches a socket or fd for `events` (default POLLIN | POLLOUT); again to change them. */
  register(target: Socket | number, events = POLLIN | POLLOUT): void {
    if (this.#closed) throw pollerClosedError();
    const item = typeof target === "number" ? { fd: target, events } : { socket: target, events };
    checkItems([item]);
    this.#items.set(target, item);
  }

  /** Stops watching a socket or file descriptor (registered with `register`); unknown ones are ignored. */
  unregister(target: Socket | number): void {
    this.#items.delete(target);
  }

  /**
   * The ready targets with their events, as `[target, revents]` pairs; none once the
   * timeout (ms) passes. `{ timeout, signal }` as for `zmq.poll`.
   *
   * @example const ready = await poller.poll({ timeout: 1000, signal })
   */
  async poll(options: number | PollOptions = -1): Promise<Array<[Socket | number, number]>> {
    if (this.#closed) throw pollerClosedError();
    const targets = [...this.#items.keys()];
    const items = targets.map((target) => ({ ...this.#items.get(target)! }));
    await trackedPoll(items, options, this.#pending);
    return targets.flatMap((target, i): Array<[Socket | number, number]> =>
      items[i].revents ? [[target, items[i].revents!]] : [],
    );
  }

  /**
   * Forgets every target; a poll of this Poller still waiting rejects, and later calls throw,
   * with a ZmqError EFAULT (as libzmq's zmq_poller does once destroyed). Closing again does
   * nothing. The sockets themselves stay open.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#items.clear();
    const error = pollerClosedError();
    for (const fail of [...this.#pending]) fail(error);
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** `using poller = new zmq.Poller()`: closed when the scope ends, as by `close()`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

function pollerClosedError() {
  return zmqError("EFAULT", "Poller is closed");
}
