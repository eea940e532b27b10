// How a proxy ends besides TERMINATE from its user: with the Worker that started it, with
// its context, and on a caught signal; and what its control socket does with a message that
// is no command. Each ending closes every socket the proxy had.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { runFixture, within } from "./support/fixture-process";

test("ten Workers' proxies end with the Workers: threads, fds and endpoints all come back", async () => {
  // In a child process: it counts its own threads and fds, and a Worker's teardown must
  // not crash the runner.
  const child = runFixture("test/fixtures/workers/proxies-in-terminated-workers.mts");
  const status = await child.exit(20_000);
  expect({ status, lines: child.lines }).toEqual({
    status: { code: 0, signal: null },
    lines: ["forwarded by 10 proxies", "threads back", "fds back", "rebound 10"],
  });
}, 30_000);

test("process.exit() while proxies run ends them and closes their sockets: the exit does not wait on them", async () => {
  const child = runFixture("test/fixtures/life/exit-with-proxies.mts");
  await child.line(/^running$/);
  // The child's exit linger is 60 s: only proxies that closed their sockets let it go sooner.
  expect(await child.exit(5000)).toEqual({ code: 0, signal: null });
});

/** Sockets of `types` in `ctx`, each bound to an inproc endpoint named after `name`. */
function bound(ctx: zmq.Context, name: string, types: number[]): zmq.Socket[] {
  return types.map((type, i) => {
    const socket = ctx.socket(type);
    socket.bind(`inproc://${name}-${i}`);
    return socket;
  });
}

test.each([
  ["a proxy", [zmq.ROUTER, zmq.DEALER]],
  ["a steerable proxy with capture and control sockets", [zmq.PULL, zmq.PUSH, zmq.PUSH, zmq.REP]],
])("ctx.term() while %s runs: the proxy resolves, its sockets are closed, and term resolves", async (_, types) => {
  const ctx = new zmq.Context();
  const sockets = bound(ctx, `term-${types.length}`, types);
  const [frontend, backend, capture, control] = sockets;
  const running = zmq.proxySteerable(frontend, backend, capture, control);
  const terming = ctx.term();
  try {
    await expect(within(running, "proxy to end on term")).resolves.toBeUndefined();
    expect(sockets.map((socket) => socket.closed)).toEqual(types.map(() => true));
    await within(terming, "term, with nothing left for the user to close");
  } finally {
    for (const socket of sockets) socket.close(); // what the user had to do before
  }
});

test.each(["SIGTERM", "SIGINT"] as const)(
  "after catchSignals, %s ends running proxies with EINTR and closes their sockets; the process exits 0",
  async (signal) => {
    const child = runFixture("test/fixtures/interrupt/proxies.mts");
    await child.line(/^running/);
    child.process.kill(signal);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    expect(child.lines).toEqual([
      "running, 8 statistics",
      "rejected EINTR, rejected EINTR",
      "closed 6 of 6",
      "terminated",
    ]);
  },
);

test.each(["unknown", "multipart"])(
  "a message that is no command (%s) on a steerable proxy's control socket ends it with EINVAL; its sockets come back",
  async (kind) => {
    const child = runFixture("test/fixtures/device/bad-command.mts", [kind]);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    expect(child.lines).toEqual(["rejected EINVAL", `usable ${zmq.PULL} ${zmq.PUSH} ${zmq.PAIR}`, "terminated"]);
  },
);

test("a signal sent to a proxy's own thread is handled by the process and leaves the proxy running", async () => {
  const child = runFixture("test/fixtures/interrupt/signal-on-proxy-thread.mts");
  expect(await child.exit()).toEqual({ code: 0, signal: null });
  expect(child.lines).toEqual(["signal handled", "forwarded after the signal", "terminated"]);
});
