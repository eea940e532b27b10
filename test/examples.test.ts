// The Guide's programs in examples/, run as real processes the way `npm run example` runs
// them, checked by what they print. They use the Guide's fixed ports (5555-5560, 8100), so
// the tests of this file run one after another and every process is killed, and its exit
// awaited, after each test.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
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
