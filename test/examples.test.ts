// The Guide's programs in examples/, run as real processes the way `npm run example` runs
// them, checked by what they print. They use the Guide's fixed ports (5555-5565, 8100), so
// the tests of this file run one after another and every process is killed, and its exit
// awaited, after each test.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";

const ROOT = join(__dirname, "..");
const TSX = createRequire(__filename).resolve("tsx");

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Called whenever any example prints or ends, so that waits look again. */
const onChange = new Set<() => void>();
const changed = () => {
  for (const listener of [...onChange]) listener();
};

class Example {
  readonly child: ChildProcess;
  stdout = "";
  stderr = "";
  exit: Exit | undefined;
  /** Settles once the process has ended and its output has been read to the end. */
  readonly closed: Promise<Exit>;

  constructor(
    readonly name: string,
    args: string[],
  ) {
    this.child = spawn(process.execPath, ["--import", TSX, join("examples", `${name}.mts`), ...args], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      this.stdout += chunk;
      changed();
    });
    this.child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
      changed();
    });
    this.closed = new Promise((resolve) => {
      this.child.on("close", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
        changed();
      });
    });
  }

  /** Complete lines printed so far. */
  get lines(): string[] {
    return this.stdout.split("\n").slice(0, -1);
  }

  count(line: string): number {
    return this.lines.filter((l) => l === line).length;
  }

  describe(): string {
    const state = this.exit ? `exited ${JSON.stringify(this.exit)}` : "running";
    return `--- ${this.name} (${state})\nstdout: ${this.stdout.slice(-2000)}\nstderr: ${this.stderr.slice(-2000)}`;
  }

  /** Waits for the process to end by itself; fails with what it printed if it does not. */
  async finished(timeoutMs: number): Promise<Exit> {
    await waitUntil(() => this.exit !== undefined, `${this.name} to exit`, timeoutMs);
    return this.exit!;
  }
}

const running: Example[] = [];

function start(name: string, ...args: string[]): Example {
  const example = new Example(name, args);
  running.push(example);
  return example;
}

/**
 * Resolves once `condition` holds, looking again each time an example prints or ends. The
 * timeout only turns a hang into a failure that shows every example's output.
 */
function waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!condition()) return;
      done();
      resolve();
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}\n${running.map((e) => e.describe()).join("\n")}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      onChange.delete(check);
    };
    onChange.add(check);
    check();
  });
}

afterEach(async () => {
  const examples = running.splice(0);
  await Promise.all(
    examples.map(async (example) => {
      if (example.exit === undefined) example.child.kill("SIGTERM");
      const killer = setTimeout(() => example.child.kill("SIGKILL"), 5000);
      await example.closed;
      clearTimeout(killer);
    }),
  );
  // wuserver removes its ipc://weather.ipc when it ends; should it have been killed outright
  rmSync(join(ROOT, "weather.ipc"), { force: true });
});

/** Ten "Received reply n [World]" lines, in order, and nothing else. */
function expectTenReplies(client: Example): void {
  expect(client.lines).toEqual(Array.from({ length: 10 }, (_, n) => `Received reply ${n} [World]`));
}

describe("the Guide's examples", () => {
  test("version prints the libzmq version", async () => {
    const version = start("version");
    expect(await version.finished(15_000)).toEqual({ code: 0, signal: null });
    expect(version.stdout).toBe(`Current 0MQ version is ${zmq.version().join(".")}\n`);
    expect(version.stdout).toMatch(/^Current 0MQ version is \d+\.\d+\.\d+\n$/);
  });

  test("hwclient gets ten replies from hwserver", async () => {
    const server = start("hwserver");
    const client = start("hwclient");
    expect(await client.finished(30_000)).toEqual({ code: 0, signal: null });
    const replies = client.lines.filter((line) => line.startsWith("Received "));
    expect(replies).toEqual(Array.from({ length: 10 }, (_, n) => `Received World ${n}`));
    await waitUntil(() => server.count("Received Hello") === 10, "hwserver's ten requests", 5000);
    expect(server.lines).toEqual(Array(10).fill("Received Hello"));
  }, 40_000);

  test("mtrelay: step 1 signals step 2, step 2 signals main", async () => {
    const relay = start("mtrelay");
    expect(await relay.finished(15_000)).toEqual({ code: 0, signal: null });
    expect(relay.stdout).toBe(
      "Step 1 ready, signaling step 2\nStep 2 ready, signaling step 3\nTest successful!\n",
    );
    expect(relay.stderr).toBe("");
  });

  test("mtserver's worker threads answer hwclient's ten requests", async () => {
    const server = start("mtserver");
    const client = start("hwclient");
    expect(await client.finished(30_000)).toEqual({ code: 0, signal: null });
    const replies = client.lines.filter((line) => line.startsWith("Received "));
    expect(replies).toEqual(Array.from({ length: 10 }, (_, n) => `Received World ${n}`));
    await waitUntil(() => server.count("Received request: [Hello]") === 10, "mtserver's ten requests", 5000);
    expect(server.lines).toEqual(Array(10).fill("Received request: [Hello]"));
    expect(server.exit).toBeUndefined(); // still serving
  }, 40_000);

  for (const broker of ["rrbroker", "msgqueue"]) {
    test(`rrclient through ${broker} to two rrworkers`, async () => {
      const queue = start(broker);
      const workers = [start("rrworker"), start("rrworker")];
      const client = start("rrclient");
      expect(await client.finished(30_000)).toEqual({ code: 0, signal: null });
      expectTenReplies(client);
      const requests = () => workers.reduce((sum, w) => sum + w.count("Received request: [Hello]"), 0);
      await waitUntil(() => requests() === 10, "the workers' ten requests", 5000);
      for (const worker of workers) {
        // both workers got work: DEALER deals requests round-robin
        expect(worker.count("Received request: [Hello]")).toBeGreaterThan(0);
        expect(worker.lines.every((line) => line === "Received request: [Hello]")).toBe(true);
      }
      expect(queue.exit).toBeUndefined();
      expect(queue.stdout).toBe("");
    }, 40_000);
  }

  test("wuproxy forwards wuserver's updates to a wuclient on port 8100", async () => {
    const server = start("wuserver");
    const proxy = start("wuproxy");
    const client = start("wuclient", "1", "tcp://localhost:8100");
    expect(await client.finished(20_000)).toEqual({ code: 0, signal: null });
    const match = /^Collecting updates from weather server…\nAverage temperature for zipcode '1' was (-?\d+)F\n$/.exec(
      client.stdout,
    );
    expect(match, client.describe()).not.toBeNull();
    const average = Number(match![1]);
    expect(average).toBeGreaterThanOrEqual(-80);
    expect(average).toBeLessThanOrEqual(134);
    expect(proxy.exit).toBeUndefined();

    // wuserver ends cleanly on SIGTERM and takes its ipc://weather.ipc file away
    expect(existsSync(join(ROOT, "weather.ipc"))).toBe(true);
    server.child.kill("SIGTERM");
    expect(await server.finished(10_000)).toEqual({ code: 0, signal: null });
    expect(existsSync(join(ROOT, "weather.ipc"))).toBe(false);
  }, 40_000);

  test("mspoller receives from both taskvent and wuserver", async () => {
    const server = start("wuserver");
    const sink = start("tasksink"); // takes taskvent's start-of-batch message, so taskvent can end
    const ventilator = start("taskvent");
    const poller = start("mspoller");
    await waitUntil(
      () => ventilator.stdout.includes("Press Enter when the workers are ready: "),
      "taskvent's prompt",
      15_000,
    );
    ventilator.child.stdin!.end("\n");

    const tasks = () => poller.lines.filter((line) => line.startsWith("Process task ["));
    const updates = () => poller.lines.filter((line) => line.startsWith("Process weather update ["));
    await waitUntil(
      () => /Total expected cost: \d+ msec\n/.test(ventilator.stdout) && tasks().length === 100 && updates().length > 0,
      "100 tasks and a weather update at mspoller",
      20_000,
    );
    // every task taskvent sent, and nothing but the subscribed zipcode
    const total = Number(/Total expected cost: (\d+) msec/.exec(ventilator.stdout)![1]);
    const lines = poller.lines;
    const workloads = lines
      .filter((line) => line.startsWith("Process task ["))
      .map((line) => Number(/^Process task \[(\d+)\]$/.exec(line)![1]));
    for (const workload of workloads) expect(workload).toBeGreaterThanOrEqual(1);
    expect(workloads.reduce((a, b) => a + b, 0)).toBe(total);
    for (const line of lines.filter((line) => !line.startsWith("Process task ["))) {
      expect(line).toMatch(/^Process weather update \[10001 -?\d+ \d+\]$/);
    }
    expect(await ventilator.finished(10_000)).toEqual({ code: 0, signal: null });
    expect(ventilator.stdout).toMatch(
      /^Press Enter when the workers are ready: Sending tasks to workers…\nTotal expected cost: \d+ msec\n$/,
    );
    expect(sink.exit).toBeUndefined(); // its batch went to mspoller instead

    server.child.kill("SIGTERM");
    expect(await server.finished(10_000)).toEqual({ code: 0, signal: null });
    expect(existsSync(join(ROOT, "weather.ipc"))).toBe(false);
  }, 40_000);
});

/**
 * A SUB socket in the test process that records what a publisher of the examples sends,
 * each message's frames joined with a space, so that a test can wait for an update to
 * have been published while a subscriber of the examples is down.
 */
function observe(endpoint: string): { seen: string[]; close(): void } {
  const observer = zmq.context().socket(zmq.SUB);
  observer.setsockopt(zmq.LINGER, 0);
  observer.setsockopt(zmq.SUBSCRIBE, "");
  observer.connect(endpoint);
  const seen: string[] = [];
  void (async () => {
    for await (const frames of observer) {
      seen.push(frames.map(String).join(" "));
      changed();
    }
  })();
  return { seen, close: () => observer.close() };
}

/** The number in "Update n" lines. */
function updateNumbers(lines: string[]): number[] {
  return lines.filter((line) => /^Update \d+$/.test(line)).map((line) => Number(line.slice("Update ".length)));
}

describe("the Guide's examples, chapter 2", () => {
  test("msreader receives from both taskvent and wuserver", async () => {
    const server = start("wuserver");
    const sink = start("tasksink"); // takes taskvent's start-of-batch message, so taskvent can end
    const ventilator = start("taskvent");
    const reader = start("msreader");
    await waitUntil(
      () => ventilator.stdout.includes("Press Enter when the workers are ready: "),
      "taskvent's prompt",
      15_000,
    );
    ventilator.child.stdin!.end("\n");

    const tasks = () => reader.lines.filter((line) => line.startsWith("Process task ["));
    const updates = () => reader.lines.filter((line) => line.startsWith("Process weather update ["));
    await waitUntil(
      () => /Total expected cost: \d+ msec\n/.test(ventilator.stdout) && tasks().length === 100 && updates().length > 0,
      "100 tasks and a weather update at msreader",
      20_000,
    );
    const total = Number(/Total expected cost: (\d+) msec/.exec(ventilator.stdout)![1]);
    const workloads = tasks().map((line) => Number(/^Process task \[(\d+)\]$/.exec(line)![1]));
    for (const workload of workloads) expect(workload).toBeGreaterThanOrEqual(1);
    expect(workloads.reduce((a, b) => a + b, 0)).toBe(total);
    for (const line of reader.lines.filter((line) => !line.startsWith("Process task ["))) {
      expect(line).toMatch(/^Process weather update \[10001 -?\d+ \d+\]$/);
    }
    expect(await ventilator.finished(10_000)).toEqual({ code: 0, signal: null });
    expect(sink.exit).toBeUndefined(); // its batch went to msreader instead

    server.child.kill("SIGTERM");
    expect(await server.finished(10_000)).toEqual({ code: 0, signal: null });
    expect(existsSync(join(ROOT, "weather.ipc"))).toBe(false);
  }, 40_000);

  test("taskvent, three taskwork2 and tasksink2: the sink times the batch, then KILL ends the workers", async () => {
    const sink = start("tasksink2");
    const workers = [start("taskwork2"), start("taskwork2"), start("taskwork2")];
    const ventilator = start("taskvent");
    await waitUntil(
      () => ventilator.stdout.includes("Press Enter when the workers are ready: "),
      "taskvent's prompt",
      15_000,
    );
    ventilator.child.stdin!.end("\n");

    expect(await sink.finished(30_000)).toEqual({ code: 0, signal: null });
    const match = /^:(?:\.{9}:){9}\.{9}Total elapsed time: (\d+) msec\n$/.exec(sink.stdout);
    expect(match, sink.describe()).not.toBeNull();
    // every worker ends by itself, on the sink's KILL, having printed a dot per task
    for (const worker of workers) {
      expect(await worker.finished(10_000), worker.describe()).toEqual({ code: 0, signal: null });
      expect(worker.stdout).toMatch(/^\.*$/);
      expect(worker.stderr).toBe("");
    }
    expect(workers.reduce((sum, worker) => sum + worker.stdout.length, 0)).toBe(100);

    expect(await ventilator.finished(10_000)).toEqual({ code: 0, signal: null });
    const total = Number(/Total expected cost: (\d+) msec/.exec(ventilator.stdout)![1]);
    // the busiest of the three workers slept for at least a third of the total
    expect(Number(match![1])).toBeGreaterThanOrEqual(Math.floor(total / 3) - 20);
  }, 60_000);

  test("interrupt ends cleanly on SIGINT", async () => {
    const server = start("interrupt");
    // the server is bound, and so catches signals, once a client can connect to it
    const client = zmq.context().socket(zmq.REQ);
    client.setsockopt(zmq.LINGER, 0);
    const monitor = client.monitor(zmq.EVENT_CONNECTED);
    try {
      const connected = once(monitor, "CONNECTED");
      client.connect("tcp://127.0.0.1:5555");
      await connected;
      expect(server.exit).toBeUndefined();
      server.child.kill("SIGINT");
      expect(await server.finished(10_000)).toEqual({ code: 0, signal: null });
      expect(server.stdout).toBe("W: interrupt received, killing server…\n");
      expect(server.stderr).toBe("");
    } finally {
      monitor.close();
      client.close();
    }
  });

  test("syncpub sends a million updates to each of ten syncsubs", async () => {
    const started = Date.now();
    const publisher = start("syncpub");
    await waitUntil(() => publisher.lines.includes("Waiting for subscribers"), "syncpub to bind", 15_000);
    const subscribers = Array.from({ length: 10 }, () => start("syncsub"));
    for (const subscriber of subscribers) {
      expect(await subscriber.finished(110_000), subscriber.describe()).toEqual({ code: 0, signal: null });
      expect(subscriber.stdout).toBe("Received 1000000 updates\n");
    }
    expect(await publisher.finished(10_000)).toEqual({ code: 0, signal: null });
    expect(publisher.stdout).toBe("Waiting for subscribers\nBroadcasting messages\n");
    console.log(`syncpub and ten syncsubs: ${Date.now() - started} ms`);
  }, 120_000);

  test("psenvsub gets only the B envelopes of psenvpub", async () => {
    const publisher = start("psenvpub");
    const subscriber = start("psenvsub");
    await waitUntil(() => subscriber.lines.length >= 3, "three messages at psenvsub", 20_000);
    expect(subscriber.lines).toEqual(Array(subscriber.lines.length).fill("[B] We would like to see this"));
    expect(subscriber.stderr).toBe("");
    expect(publisher.stdout).toBe("");
    expect(publisher.exit).toBeUndefined();
  }, 30_000);

  test("identity dumps the ROUTER envelopes: a generated identity, then the one REQ set", async () => {
    const identity = start("identity");
    expect(await identity.finished(15_000)).toEqual({ code: 0, signal: null });
    const rule = "-".repeat(40);
    const lines = identity.lines;
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(rule);
    // libzmq 4's generated identity: five bytes, a zero byte then a 32-bit number
    expect(lines[1]).toMatch(/^\[005\] 00[0-9A-F]{8}$/);
    expect(lines.slice(2)).toEqual([
      "[000] ",
      "[039] ROUTER uses a generated 5 byte identity",
      rule,
      "[005] PEER2",
      "[000] ",
      "[040] ROUTER socket uses REQ's socket identity",
    ]);
  });

  test("durasub, killed and restarted, misses what durapub sent meanwhile (no durable sockets in libzmq 4)", async () => {
    const observer = observe("tcp://127.0.0.1:5565");
    try {
      const publisher = start("durapub");
      const first = start("durasub");
      await waitUntil(() => first.lines.includes("Update 1"), "durasub's first two updates", 20_000);
      first.child.kill("SIGKILL");
      expect(await first.closed).toEqual({ code: null, signal: "SIGKILL" });
      const lastSeen = Math.max(...updateNumbers(first.lines));
      // an update published while durasub is down
      await waitUntil(
        () => updateNumbers(observer.seen).some((n) => n > lastSeen),
        "durapub to publish while durasub is down",
        10_000,
      );
      const whileDown = Math.max(...updateNumbers(observer.seen));

      const second = start("durasub");
      expect(await second.finished(20_000)).toEqual({ code: 0, signal: null });
      expect(await publisher.finished(5_000)).toEqual({ code: 0, signal: null });
      expect(second.lines.at(-1)).toBe("END");
      const printed = [...updateNumbers(first.lines), ...updateNumbers(second.lines)];
      // the identity "Hello" kept nothing for it: what was sent while it was down is lost
      for (let n = lastSeen + 1; n <= whileDown; n++) expect(printed).not.toContain(n);
      expect(printed).toEqual([...printed].sort((a, b) => a - b));
      // Update 1 was seen before the kill; Update 0 may have gone before the SUB joined.
      expect(printed).toContain(1);
    } finally {
      observer.close();
    }
  }, 40_000);

  test("durasub2, killed after two updates and restarted, prints all ten once: durapub2 resends", async () => {
    const stateFile = join(tmpdir(), `durasub2-${process.pid}.seq`);
    const observer = observe("tcp://127.0.0.1:5565");
    try {
      const publisher = start("durapub2");
      const first = start("durasub2", stateFile);
      await waitUntil(() => first.lines.includes("Update 1"), "durasub2's first two updates", 20_000);
      first.child.kill("SIGKILL");
      expect(await first.closed).toEqual({ code: null, signal: "SIGKILL" });
      expect(first.lines).toEqual(["Update 0", "Update 1"]);
      // an update published while durasub2 is down, which it must get from the history
      await waitUntil(
        () => observer.seen.some((message) => /^\d+ Update (\d+)$/.test(message) && Number(message.split(" ")[0]) > 1),
        "durapub2 to publish while durasub2 is down",
        10_000,
      );
      const whileDown = Math.max(...observer.seen.map((message) => Number(message.split(" ")[0])));

      const second = start("durasub2", stateFile);
      expect(await second.finished(25_000), second.describe()).toEqual({ code: 0, signal: null });
      expect(await publisher.finished(5_000)).toEqual({ code: 0, signal: null });
      expect([...first.lines, ...second.lines]).toEqual([
        ...Array.from({ length: 10 }, (_, n) => `Update ${n}`),
        "END",
      ]);
      expect(second.lines).toContain(`Update ${whileDown}`);
      expect(second.stderr).toBe("");
    } finally {
      observer.close();
      rmSync(stateFile, { force: true });
      rmSync(`${stateFile}.tmp`, { force: true });
    }
  }, 45_000);
});
