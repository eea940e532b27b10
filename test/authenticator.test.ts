// The Authenticator's life: what a context accepts before one starts, while it runs, after
// stop() and when another takes over; and that none of it holds up term() or the exit.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { nextMessage, runFixture, startWorker, within, workerExit } from "./support/fixture-process";
import {
  curveClient,
  curveServer,
  handshake,
  plainClient,
  plainServer,
  server,
  serveOne,
  serverRefusal,
  type Setup,
} from "./support/handshake";
import { connectZmtp, frame } from "./support/zmtp-client";

const t = useTestContext();

const serverKeys = zmq.curveKeypair();
const known = zmq.curveKeypair();
const stranger = zmq.curveKeypair();
const curve = (keys: ReturnType<typeof zmq.curveKeypair>) => curveClient(serverKeys.publicKey, keys);

/** An Authenticator on the test's context that accepts `known` and admin/secret. */
function authenticator(publicKeys = [known.publicKey]): zmq.Authenticator {
  const auth = new zmq.Authenticator(t.context);
  auth.configureCurve("*", { publicKeys });
  auth.configurePlain("*", { admin: "secret" });
  return auth;
}

// Each mechanism whose server asks ZAP (NULL does only with a ZAP_DOMAIN): guarded, with a
// client the Authenticator accepts; unknown, with one it would refuse, and what libzmq does
// with that client while no Authenticator has started.
const domain: Setup = (rep) => rep.setsockopt(zmq.ZAP_DOMAIN, "global");
const guarded: [string, Setup, Setup][] = [
  ["CURVE", curveServer(serverKeys), curve(known)],
  ["PLAIN", plainServer, plainClient("admin", "secret")],
  ["NULL with a ZAP_DOMAIN", domain, () => undefined],
];
const unknown: [string, Setup, Setup, string][] = [
  ["CURVE encrypts but accepts any key", curveServer(serverKeys), curve(stranger), "accepted"],
  ["PLAIN drops every client", plainServer, plainClient("admin", "wrong"), "dropped"],
  ["NULL with a ZAP_DOMAIN accepts anyone", domain, () => undefined, "accepted"],
];

test.each(unknown)("before any Authenticator starts, libzmq's own way: %s", async (_, serverSetup, client, before) => {
  const rep = server(t, serverSetup);
  const auth = authenticator();
  auth.stop(); // never started: binds nothing
  expect(await handshake(t, rep.lastEndpoint, "before", client)).toBe(before);
  if (before === "accepted") expect(await serveOne(rep)).toBe("before");
  // The control: once an Authenticator has started, the same server asks it.
  auth.deny("127.0.0.1");
  auth.start();
  expect(await handshake(t, rep.lastEndpoint, "after the start", client)).toBe("refused");
  auth.stop();
});

test.each(guarded)("after stop(), a %s server refuses every peer until a start()", async (_, serverSetup, client) => {
  const auth = authenticator();
  auth.start();
  auth.start(); // a second start of the one running is nothing
  const rep = server(t, serverSetup);
  expect(await handshake(t, rep.lastEndpoint, "while running", client)).toBe("accepted");
  expect(await serveOne(rep)).toBe("while running");

  auth.stop();
  const refused = serverRefusal(rep);
  expect(await handshake(t, rep.lastEndpoint, "after stop", client)).toBe("refused");
  expect(await refused).toMatchObject({ endpoint: rep.lastEndpoint, value: 400 });

  auth.start();
  expect(await handshake(t, rep.lastEndpoint, "after the restart", client)).toBe("accepted");
  // The refused request came first: had it crossed, it would be served first.
  expect(await serveOne(rep)).toBe("after the restart");
  auth.stop();
});

test("after stop(), a NULL server without a ZAP_DOMAIN still accepts (libzmq does not ask)", async () => {
  const auth = authenticator();
  auth.start();
  auth.stop();
  const rep = server(t, () => undefined);
  expect(await handshake(t, rep.lastEndpoint, "plain NULL", () => undefined)).toBe("accepted");
  expect(await serveOne(rep)).toBe("plain NULL");
});

const other = zmq.curveKeypair();

/** Two Authenticators on the test's context, the first knowing `known`, the second `other`. */
function twoAuthenticators() {
  const first = authenticator([known.publicKey]);
  const second = authenticator([other.publicKey]);
  return { first, second, rep: server(t, curveServer(serverKeys)) };
}

test("another Authenticator takes over from a stopped one, and its rules apply", async () => {
  const { first, second, rep } = twoAuthenticators();
  first.start();
  first.stop();
  second.start();
  expect(await handshake(t, rep.lastEndpoint, "known to the first only", curve(known))).toBe("refused");
  expect(await handshake(t, rep.lastEndpoint, "known to the second", curve(other))).toBe("accepted");
  expect(await serveOne(rep)).toBe("known to the second");
  second.stop();
  first.start(); // and back
  expect(await handshake(t, rep.lastEndpoint, "known to the first", curve(known))).toBe("accepted");
  expect(await serveOne(rep)).toBe("known to the first");
  first.stop();
});

test("a second Authenticator cannot start while one runs: EADDRINUSE, the first decides", async () => {
  const { first, second, rep } = twoAuthenticators();
  first.start();
  expect(() => second.start()).toThrow(expect.objectContaining({ name: "ZmqError", code: "EADDRINUSE" }));
  expect(await handshake(t, rep.lastEndpoint, "known to the second only", curve(other))).toBe("refused");
  expect(await handshake(t, rep.lastEndpoint, "known to the first", curve(known))).toBe("accepted");
  expect(await serveOne(rep)).toBe("known to the first");
  first.stop();
  second.start(); // free now: its failed start left nothing behind
  first.stop(); // not the one running: changes nothing
  expect(await handshake(t, rep.lastEndpoint, "a stranger to both", curve(stranger))).toBe("refused");
  expect(await handshake(t, rep.lastEndpoint, "known to the first only", curve(known))).toBe("refused");
  expect(await handshake(t, rep.lastEndpoint, "known to the second", curve(other))).toBe("accepted");
  expect(await serveOne(rep)).toBe("known to the second");
  second.stop();
});

test.each([["running"], ["stopped"]])("ctx.term() completes with an Authenticator %s", async (state) => {
  const ctx = new zmq.Context();
  const auth = new zmq.Authenticator(ctx);
  auth.start();
  if (state === "stopped") auth.stop();
  await within(ctx.term(), "ctx.term()");
  auth.stop(); // after the end: nothing to do
  expect(() => auth.start()).toThrow(expect.objectContaining({ code: "ETERM" }));
});

test.each([["running"], ["stopped"]])("an Authenticator %s does not keep the process alive", async (state) => {
  const child = runFixture("test/fixtures/auth/falls-off.mts", [state]);
  await child.line(new RegExp(`^${state}$`));
  expect(await child.exit()).toEqual({ code: 0, signal: null });
});

test("the refusal holds in every thread of the context; another thread cannot take over", async () => {
  const auth = new zmq.Authenticator(zmq.context());
  auth.configureCurve("*", { publicKeys: [known.publicKey] });
  auth.start();
  auth.stop();
  // The Worker's CURVE server is on zmq.context(), the libzmq context of the main thread's.
  const worker = startWorker("auth/curve-server.mts", { secretKey: serverKeys.secretKey });
  const { endpoint, started } = await nextMessage<{ endpoint: string; started: string }>(worker);
  expect(started).toBe("EADDRINUSE"); // the endpoint stays with this thread's handler
  const clients: zmq.Socket[] = [];
  const onDefault = { socket: (type: number) => clients[clients.push(zmq.context().socket(type)) - 1] };
  try {
    expect(await handshake(onDefault, endpoint, "after stop", curve(known))).toBe("refused");
    auth.start();
    expect(await handshake(onDefault, endpoint, "bye", curve(known))).toBe("accepted");
    expect(await nextMessage(worker)).toBe("bye");
    expect(await workerExit(worker)).toBe(0);
  } finally {
    for (const client of clients) client.close();
    auth.stop();
  }
});

test("when the Worker whose Authenticator holds the context's ZAP endpoint ends, the context goes on refusing", async () => {
  const child = runFixture("test/fixtures/auth/owner-worker-ends.mts");
  expect(await child.exit(15_000)).toEqual({ code: 0, signal: null });
  expect(child.lines).toEqual([
    "while the Worker runs, known: accepted",
    "after it ended, known: refused",
    "after it ended, stranger: refused",
  ]);
}, 30_000);

// A peer may put any property in its handshake, "User-Id" too; libzmq gives a message ZAP's
// user id first, and the peer's claim only where no ZAP handler was asked.
test("gets('User-Id') is ZAP's user id where a handler was asked, else the peer's own claim", async () => {
  const claim = { "User-Id": "admin" };
  const unguarded = t.socket(zmq.PULL);
  unguarded.bind("tcp://127.0.0.1:*");
  const auth = new zmq.Authenticator(t.context);
  auth.start();
  const guarded = t.socket(zmq.PULL);
  guarded.setsockopt(zmq.ZAP_DOMAIN, "global"); // NULL asks ZAP only with a domain
  guarded.bind("tcp://127.0.0.1:*");
  const told: (string | undefined)[] = [];
  for (const pull of [unguarded, guarded]) {
    const peer = await connectZmtp(pull.lastEndpoint, "PUSH", claim);
    try {
      await peer.handshaken();
      peer.write(frame(Buffer.from("hello")));
      const message = await within(pull.recvMsg(), "the raw peer's message");
      expect(message.toString()).toBe("hello");
      told.push(message.gets("User-Id"));
    } finally {
      peer.destroy();
    }
  }
  auth.stop();
  expect(told).toEqual(["admin", ""]);
});
