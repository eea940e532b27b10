// A context per test whose sockets are all closed, and the context terminated, after each
// test, whether it passed or not: a failed test must not hang the next one's term().
import { afterEach } from "vitest";
import * as zmq from "zmq-napi";

export interface TestContext {
  readonly context: zmq.Context;
  socket(type: number): zmq.Socket;
}

export function useTestContext(): TestContext {
  let context: zmq.Context | undefined;
  const sockets: zmq.Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    const ending = context;
    context = undefined;
    await ending?.term();
  });
  return {
    get context() {
      context ??= new zmq.Context();
      return context;
    },
    socket(type: number) {
      const socket = this.context.socket(type);
      sockets.push(socket);
      return socket;
    },
  };
}
