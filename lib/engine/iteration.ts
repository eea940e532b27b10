// A socket's async iterator (`for await (… of sock)`, `sock.messages()`). Not an async
// generator: a generator adds promises and turns per message, and on a busy socket this
// loop is the whole cost of receiving.
import type { Bounds } from "../call-options";
import type { SocketEngine } from "./engine";
import type { PendingOperation } from "./pending";

/** An iterator's state: the next() it has queued (SocketEngine.enqueue), and whether it ended. */
export interface Iteration {
  waiting: PendingOperation | undefined;
  ended: boolean;
}

/** The result of an iterator that has ended. */
export const done = (): IteratorReturnResult<undefined> => ({ done: true, value: undefined });

/** The iterator; `bounds` bound each of its next() calls. */
export function messagesOf(engine: SocketEngine, bounds: Bounds | undefined): AsyncIterableIterator<Buffer[]> {
  const iteration: Iteration = { waiting: undefined, ended: false };
  const iterator: AsyncIterableIterator<Buffer[]> = {
    next: () => (iteration.ended ? Promise.resolve(done()) : engine.next(bounds, iteration)),
    // A next() still waiting (Readable.from's, destroyed) resolves as done; later ones at once.
    return: () => {
      iteration.ended = true;
      engine.endIteration(iteration);
      return Promise.resolve(done());
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
