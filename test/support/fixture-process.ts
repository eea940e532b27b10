// Fixtures run in child processes (TypeScript or pyzmq) and Workers, and waits that fail
// with a message naming what hung (before the test's own timeout does, with no hint).
// Children still running after a test are killed; Workers still running are terminated.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { afterEach } from "vitest";

// Long enough for any one step of a test on a loaded machine, well inside the test's timeout.
const STEP_MS = 5000;

/** `promise`, or a rejection naming `what` if it has not settled within `ms`. */
export function within<T>(promise: Promise<T>, what: string, ms = STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with what `look` finds, checking now and each time something runs the functions
 * in `checks` (a new line, message or exit); rejects if `look` throws, or with `timedOut()`
 * after `ms`. The check leaves `checks` however the wait ends, so a wait that gave up
 * cannot go on to take a line or message meant for a later one.
 */
function settleWhen<T>(
  checks: Set<() => void>,
  ms: number,
  timedOut: () => Error,
  look: () => T | undefined,
): Promise<T> {
  return new Promise<T>((resolveFound, reject) => {
    const timer = setTimeout(() => finish(() => reject(timedOut())), ms);
    const finish = (settle: () => void) => {
      checks.delete(check);
      clearTimeout(timer);
      settle();
    };
    const check = () => {
      try {
        const found = look();
        if (found !== undefined) finish(() => resolveFound(found));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    checks.add(check);
    check();
  });
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FixtureProcess {
  readonly process: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: readonly string[];
  /** Everything written to stderr so far (for failure messages). */
  stderr(): string;
  running(): boolean;
  /** The first stdout line, printed already or to come, matching `pattern`. */
  line(pattern: RegExp, ms?: number): Promise<string>;
  /** How the process ended, once it has. */
  exit(ms?: number): Promise<ExitStatus>;
}

const repoRoot = resolve(__dirname, "../..");
const children = new Set<ChildProcess>();
const workers = new Set<Worker>();

afterEach(async () => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  await Promise.all([...workers].map((worker) => worker.terminate()));
  workers.clear();
});

/** Runs `node --import tsx <file> ...args`, `file` relative to the repository root. */
export function runFixture(file: string, args: readonly string[] = []): FixtureProcess {
  return run(process.execPath, ["--import", "tsx"], file, args);
}

/**
 * Runs a TypeScript fixture as `runFixture` does, through `wrapper`: a command and its
 * options that run what follows them with limits of its own (`["prlimit", "--nofile=256",
 * "--"]`, `["setpriv", "--inh-caps=-sys_nice", "--"]`).
 */
export function runFixtureUnder(wrapper: readonly string[], file: string, args: readonly string[] = []): FixtureProcess {
  const [command, ...options] = wrapper;
  return run(command, [...options, process.execPath, "--import", "tsx"], file, args);
}

/**
 * Runs a TypeScript fixture as `runFixture` does, in a network namespace of its own (`unshare
 * -n`, which needs root) whose one link, lo, is up with multicast on and a route for
 * 224.0.0.0/4: multicast there reaches this machine's own sockets and cannot leave it.
 * `withoutRawSockets`: the fixture runs without CAP_NET_RAW (setpriv), root otherwise.
 */
export function runFixtureInPrivateNetwork(
  file: string,
  args: readonly string[] = [],
  { withoutRawSockets = false } = {},
): FixtureProcess {
  const setUp = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo";
  const node = [...(withoutRawSockets ? ["setpriv", "--bounding-set", "-net_raw"] : []), process.execPath];
  return run("unshare", ["-n", "--", "sh", "-c", `${setUp} && exec "$@"`, "sh", ...node, "--import", "tsx"], file, args);
}

/** Runs a pyzmq script with Debian's python3 (the one that has python3-zmq). */
export function runPython(file: string, args: readonly string[] = []): FixtureProcess {
  return run("/usr/bin/python3", [], file, args);
}

/** `command ...options file ...args`; failures name `file` and `args`, not the interpreter. */
function run(command: string, options: readonly string[], file: string, args: readonly string[]): FixtureProcess {
  const child = spawn(command, [...options, file, ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const lines: string[] = [];
  let stderr = "";
  let status: ExitStatus | undefined;
  const checks = new Set<() => void>();
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const check of [...checks]) check();
  });
  // "close" comes after the last stdout line has been read.
  child.on("close", (code, signal) => {
    children.delete(child);
    status = { code, signal };
    for (const check of [...checks]) check();
  });
  const failure = (what: string) =>
    new Error(`${file} ${args.join(" ")}: ${what}\nstdout:\n${lines.join("\n")}\nstderr:\n${stderr}`);

  const waitFor = <T>(what: string, ms: number, look: () => T | undefined) =>
    settleWhen(checks, ms, () => failure(`no ${what} within ${ms} ms`), look);

  return {
    process: child,
    lines,
    stderr: () => stderr,
    running: () => status === undefined,
    line(pattern, ms = 8000) {
      return waitFor(`line matching ${pattern}`, ms, () => {
        const found = lines.find((line) => pattern.test(line));
        if (found === undefined && status !== undefined) {
          throw failure(`ended (${JSON.stringify(status)}) without printing a line matching ${pattern}`);
        }
        return found;
      });
    },
    exit(ms = 8000) {
      return waitFor("exit", ms, () => status);
    },
  };
}

// tsx's hooks, registered by `node --import tsx`, do not reach Workers in Node 20: each
// Worker starts in test/support/ts-worker.mjs, which registers them and imports the script.
const tsWorker = new URL("./ts-worker.mjs", `file://${__filename}`);

interface Inbox {
  messages: unknown[];
  /** Waits in progress, re-checked on each message and at the end. */
  checks: Set<() => void>;
  /** Why no more messages will come: an error, or the exit. */
  ended: Error | undefined;
  exitCode: number | undefined;
}
const inboxes = new WeakMap<Worker, Inbox>();

/**
 * A Worker running `test/fixtures/<file>` (TypeScript), terminated after the test if still
 * alive. Its messages are kept from the start, so none is missed between two waits.
 */
export function startWorker(file: string, workerData?: unknown): Worker {
  const script = new URL(`../fixtures/${file}`, `file://${__filename}`).href;
  const worker = new Worker(tsWorker, { argv: [script], workerData });
  workers.add(worker);
  const inbox: Inbox = { messages: [], checks: new Set(), ended: undefined, exitCode: undefined };
  inboxes.set(worker, inbox);
  const recheck = () => {
    for (const check of [...inbox.checks]) check();
  };
  worker.on("message", (message) => {
    inbox.messages.push(message);
    recheck();
  });
  worker.on("error", (error) => {
    inbox.ended ??= error;
    recheck();
  });
  worker.once("exit", (code) => {
    workers.delete(worker);
    inbox.ended ??= new Error(`the Worker exited (${code})`);
    inbox.exitCode = code;
    recheck();
  });
  return worker;
}

function waitOn<T>(worker: Worker, what: string, look: (inbox: Inbox) => T | undefined): Promise<T> {
  const inbox = inboxes.get(worker)!;
  const timedOut = () => new Error(`${what}: not settled within ${STEP_MS} ms`);
  return settleWhen(inbox.checks, STEP_MS, timedOut, () => look(inbox));
}

/** The Worker's next message; rejects if it fails or exits with none left to read. */
export function nextMessage<T = unknown>(worker: Worker, what = "a message from the Worker"): Promise<T> {
  return waitOn(worker, what, (inbox) => {
    if (inbox.messages.length > 0) return { message: inbox.messages.shift() as T };
    if (inbox.ended !== undefined) throw new Error(`${what}: ${inbox.ended.message}`);
    return undefined;
  }).then(({ message }) => message);
}

/** The Worker's exit code, once it has exited (rejects if it failed with an error). */
export function workerExit(worker: Worker): Promise<number> {
  return waitOn(worker, "the Worker to exit", (inbox) => {
    if (inbox.ended !== undefined && inbox.exitCode === undefined) throw inbox.ended;
    return inbox.exitCode;
  });
}
