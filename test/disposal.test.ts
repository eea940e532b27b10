// `using` and `await using` (issue 18): each class's dispose does what its close does, at the
// end of the scope, and the symbols exist on every Node that `engines` admits.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { defineDisposalSymbols } from "../lib/disposal";
import { useTestContext } from "./support/context";
import { handshake, plainClient, plainServer, server } from "./support/handshake";
import { within } from "./support/fixture-process";

const t = useTestContext();

test("a Socket is closed at the end of its scope, and a receive pending on it rejects", async () => {
  let pending: Promise<Buffer> | undefined;
  let kept: zmq.Socket | undefined;
  {
    using pull = t.context.socket(zmq.PULL);
    kept = pull;
    pull.bind("inproc://disposal-socket");
    pending = pull.recv();
    expect(pull.closed).toBe(false);
  }
  expect(kept.closed).toBe(true);
  await expect(pending).rejects.toMatchObject({ code: "ENOTSOCK" });
  expect(() => kept![Symbol.dispose]()).not.toThrow(); // closed already: nothing more to do
});

test("a Context is terminated at the end of an await using scope, after its sockets", async () => {
  let kept: zmq.Context | undefined;
  {
    await using ctx = new zmq.Context();
    kept = ctx;
    using push = ctx.socket(zmq.PUSH);
    push.setsockopt(zmq.LINGER, 0);
    push.connect("tcp://127.0.0.1:9"); // nothing listens: a pending connection to linger over
    expect(ctx.terminated).toBe(false);
  } // the socket is disposed first (last declared), then the context: term() resolves
  expect(kept.terminated).toBe(true);
  // No synchronous meaning is clear (ending a context waits for its sockets): no Symbol.dispose.
  expect(Symbol.dispose in kept).toBe(false);
});

test("a Poller is closed at the end of its scope: its pending poll rejects, later calls throw", async () => {
  const pull = t.socket(zmq.PULL);
  pull.bind("inproc://disposal-poller");
  let pending: Promise<unknown> | undefined;
  let kept: zmq.Poller | undefined;
  {
    using poller = new zmq.Poller();
    kept = poller;
    poller.register(pull, zmq.POLLIN);
    pending = poller.poll();
  }
  await expect(within(pending, "the pending poll to end")).rejects.toMatchObject({ code: "EFAULT" });
  expect(kept.closed).toBe(true);
  expect(() => kept!.register(pull, zmq.POLLIN)).toThrow(expect.objectContaining({ code: "EFAULT" }));
  await expect(kept.poll(0)).rejects.toMatchObject({ code: "EFAULT" });
  expect(pull.closed).toBe(false); // the sockets are the caller's
  kept.close(); // again: nothing
});

test("a SocketMonitor stops at the end of its scope: its iteration ends", async () => {
  const rep = t.socket(zmq.REP);
  const seen: number[] = [];
  let iteration: Promise<void> | undefined;
  {
    using monitor = rep.monitor();
    iteration = (async () => {
      for await (const event of monitor) seen.push(event.event);
    })();
    rep.bind("tcp://127.0.0.1:*");
  }
  await within(iteration, "the monitor's iteration to end"); // for ever, were it not stopped
  expect(seen).toContain(zmq.EVENT_LISTENING);
});

test("an Authenticator stops at the end of its scope: its PLAIN server refuses from then on", async () => {
  const rep = server(t, plainServer);
  {
    using auth = new zmq.Authenticator(t.context);
    auth.configurePlain("*", { admin: "secret" });
    auth.start();
    expect(await handshake(t, rep.lastEndpoint, "in scope", plainClient("admin", "secret"))).toBe("accepted");
  }
  expect(await handshake(t, rep.lastEndpoint, "after", plainClient("admin", "secret"))).toBe("refused");
});

test("a Message is closed at the end of its scope", () => {
  let kept: zmq.Message | undefined;
  {
    using msg = new zmq.Message("bytes");
    kept = msg;
    expect(msg.closed).toBe(false);
  }
  expect(kept.closed).toBe(true);
});

test("Symbol.dispose and Symbol.asyncDispose are defined where a Node lacks them, else kept", () => {
  const bare = {} as { dispose?: symbol; asyncDispose?: symbol };
  defineDisposalSymbols(bare);
  expect(typeof bare.dispose).toBe("symbol");
  expect(bare.dispose!.description).toBe("Symbol.dispose");
  expect(bare.asyncDispose!.description).toBe("Symbol.asyncDispose");
  const before = Symbol.dispose;
  defineDisposalSymbols(Symbol);
  expect(Symbol.dispose).toBe(before); // Node 20's own, which `using` in this file relies on
});
