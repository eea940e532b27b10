// Process life, in child processes: a bound or connected compat socket keeps the process
// alive until closed or unref()ed; messages sent right before close() and process.exit()
// arrive; an unhandled failure is an uncaught exception.
import { expect, test } from "vitest";
import * as napi from "zmq-napi";
import { runFixture, within } from "../support/fixture-process";
import { sendOne } from "../support/send-one";

/** Everything a child sends to a fresh PULL until its "end". */
async function receiveUntilEnd(run: (endpoint: string) => ReturnType<typeof runFixture>): Promise<Set<string>> {
  const ctx = new napi.Context();
  const pull = ctx.socket(napi.PULL);
  try {
    pull.setsockopt(napi.RCVHWM, 5000);
    pull.bind("tcp://127.0.0.1:*");
    const child = run(pull.lastEndpoint);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    const received = new Set<string>();
    for (;;) {
      const message = (await within(pull.recv(), `the last message, after ${received.size}`)).toString();
      if (message === "end") return received;
      received.add(message);
    }
  } finally {
    pull.close();
    await ctx.term();
  }
}

for (const how of ["exit", "close", "paused", "held", "exit-held"]) {
  const ending = `${how === "held" ? "close()" : "process.exit()"}${how.endsWith("held") ? ", past the high-water mark," : ""}`;
  test(`1,000 sends right before ${ending} arrive (${how})`, async () => {
    const received = await receiveUntilEnd((endpoint) =>
      runFixture("test/fixtures/compat/send-then-exit.mts", [endpoint, "1000", how]),
    );
    expect(received.size).toBe(1000);
  });
}

const KEEP_ALIVE_MODES: Readonly<Record<string, string>> = {
  both: "PUB and PULL",
  pub: "a PUB alone",
  reref: "a PUB alone, unref()ed then ref()ed",
};
for (const [mode, which] of Object.entries(KEEP_ALIVE_MODES)) {
  test(`bound sockets keep the process alive until closed (${which})`, async () => {
    const child = runFixture("test/fixtures/compat/keep-alive.mts", [mode]);
    const endpoint = (await child.line(/^listening on /)).slice("listening on ".length);
    // The one place a wait is the behaviour under test: the child's loop had every chance to end.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(child.running()).toBe(true);
    await sendOne(endpoint, "close now");
    expect(await child.line(/^got /)).toBe("got close now");
    expect(await child.exit()).toEqual({ code: 0, signal: null });
  });
}

test("sends held at close() with no peer to take them let the process exit", async () => {
  const child = runFixture("test/fixtures/compat/held-at-close.mts");
  expect(await child.line(/^closed /)).toBe("closed with sends held");
  expect(await child.exit()).toEqual({ code: 0, signal: null });
  expect(await child.line(/^errors /)).toBe("errors 4000 ENOTSOCK");
});

test("unref()ed sockets let the process exit", async () => {
  const child = runFixture("test/fixtures/compat/keep-alive.mts", ["unref"]);
  await child.line(/^listening on /);
  expect(await child.exit()).toEqual({ code: 0, signal: null });
});

test("a listener that throws with no 'error' listener is an uncaught exception", async () => {
  const child = runFixture("test/fixtures/compat/throwing-listener.mts");
  const status = await child.exit();
  expect(status.code).not.toBe(0);
  expect(child.stderr()).toContain("the listener failed");
});
