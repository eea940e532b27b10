// Faults: a peer process killed with SIGKILL mid-stream, a REQ whose server dies, a peer
// that exceeds ZMQ_MAXMSGSIZE. (Terminating a context with operations pending in several
// threads: test/shutdown.test.ts, and Workers ending mid-operation: test/threads.test.ts.)
import { setImmediate as nextTurn } from "node:timers/promises";
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { runFixture, within } from "./support/fixture-process";

const t = useTestContext();

/** The monitor's next event called `name`. */
function nextEvent(monitor: zmq.SocketMonitor, name: string): Promise<zmq.MonitorEvent> {
  return within(new Promise((resolve) => monitor.once(name, resolve)), `monitor event ${name}`);
}

const killed = { code: null, signal: "SIGKILL" };

test("a bound peer killed with SIGKILL mid-stream and restarted: the connecting side reconnects and goes on", async () => {
  const first = runFixture("test/fixtures/faults/pull-sink.mts", ["tcp://127.0.0.1:*"]);
  const endpoint = (await first.line(/^ready /)).slice("ready ".length);
  const push = t.socket(zmq.PUSH);
  push.setsockopt(zmq.LINGER, 0);
  const monitor = push.monitor(zmq.EVENT_CONNECTED | zmq.EVENT_DISCONNECTED);
  push.connect(endpoint);

  let sent = 0;
  let streaming = true;
  const stream = (async () => {
    while (streaming) {
      await push.send(String(sent++)); // waits at the high-water mark while the peer is gone
      await nextTurn(); // pacing: the stream must not starve the loop that reads the children
    }
  })();
  await first.line(/^first /);
  const disconnected = nextEvent(monitor, "DISCONNECTED");
  first.process.kill("SIGKILL");
  expect(await first.exit()).toEqual(killed);
  await disconnected;

  const reconnected = nextEvent(monitor, "CONNECTED");
  const second = runFixture("test/fixtures/faults/pull-sink.mts", [endpoint]);
  await second.line(/^ready /);
  await reconnected;
  await second.line(/^first /);
  streaming = false;
  await stream;
  await push.send("end");
  // Everything the stream sent after the restart arrived, in order, up to its last message.
  expect(await second.line(/^end /)).toMatch(new RegExp(`^end count=\\d+ last=${sent - 1}$`));
  expect(await second.exit()).toEqual({ code: 0, signal: null });
});

test("a connecting peer killed with SIGKILL mid-stream and restarted: the bound side serves the new one", async () => {
  const pull = t.socket(zmq.PULL);
  const monitor = pull.monitor(zmq.EVENT_ACCEPTED | zmq.EVENT_DISCONNECTED);
  pull.bind("tcp://127.0.0.1:*");
  const senderOf = async () => (await within(pull.recv(), "a streamed message")).toString().split(" ")[0];

  const first = runFixture("test/fixtures/faults/push-source.mts", [pull.lastEndpoint]);
  expect(await senderOf()).toBe(String(first.process.pid));
  const disconnected = nextEvent(monitor, "DISCONNECTED");
  first.process.kill("SIGKILL");
  expect(await first.exit()).toEqual(killed);
  await disconnected;

  const accepted = nextEvent(monitor, "ACCEPTED");
  const second = runFixture("test/fixtures/faults/push-source.mts", [pull.lastEndpoint]);
  await accepted;
  // What the first one queued before it died may still come first; then the second's.
  let sender: string;
  do sender = await senderOf();
  while (sender === String(first.process.pid));
  expect(sender).toBe(String(second.process.pid));
});

test("REQ with RCVTIMEO whose server dies: the receive times out with EAGAIN; a new REQ reaches the restarted server", async () => {
  const first = runFixture("test/fixtures/faults/echo-rep.mts", ["tcp://127.0.0.1:*"]);
  const endpoint = (await first.line(/^ready /)).slice("ready ".length);
  const client = () => {
    const req = t.socket(zmq.REQ);
    req.setsockopt(zmq.RCVTIMEO, 300);
    req.setsockopt(zmq.LINGER, 0);
    req.connect(endpoint);
    return req;
  };
  const req = client();
  await req.send("one");
  expect((await req.recv()).toString()).toBe("one");

  first.process.kill("SIGKILL");
  expect(await first.exit()).toEqual(killed);
  await req.send("two");
  await expect(within(req.recv(), "the timed-out receive")).rejects.toMatchObject({ code: "EAGAIN" });
  // The REQ still waits for its reply, as in C: the Guide's Lazy Pirate closes it and opens another.
  await expect(req.send("three")).rejects.toMatchObject({ code: "EFSM" });
  req.close();

  const second = runFixture("test/fixtures/faults/echo-rep.mts", [endpoint]);
  await second.line(/^ready /);
  const retry = client();
  await retry.send("four");
  expect((await within(retry.recv(), "the reply of the restarted server")).toString()).toBe("four");
});

test("a peer that exceeds MAXMSGSIZE is disconnected; the socket goes on serving the others", async () => {
  const pull = t.socket(zmq.PULL);
  pull.setsockopt(zmq.MAXMSGSIZE, 1024);
  const monitor = pull.monitor(zmq.EVENT_DISCONNECTED);
  pull.bind("tcp://127.0.0.1:*");
  const good = t.socket(zmq.PUSH);
  good.connect(pull.lastEndpoint);
  await good.send("before");
  expect((await pull.recv()).toString()).toBe("before");

  const big = t.socket(zmq.PUSH);
  big.setsockopt(zmq.LINGER, 0);
  big.connect(pull.lastEndpoint);
  const dropped = nextEvent(monitor, "DISCONNECTED");
  await big.send(Buffer.alloc(1025, 1)); // one byte over
  await dropped;

  await good.send("after");
  expect((await within(pull.recv(), "a message from the good peer")).toString()).toBe("after");
  await good.send(Buffer.alloc(1024, 2)); // exactly the limit is allowed
  expect((await within(pull.recv(), "a message at the limit")).length).toBe(1024);
  expect(pull.tryRecv()).toBeNull(); // the oversized message never arrived
});
