// Child processes for tests: start one, wait for a line of its output, wait for its exit;
// every child still running after a test is killed.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { afterEach } from "vitest";

export interface Child {
  process: ChildProcess;
  /** Lines printed so far on stdout. */
  lines: string[];
  /** Resolves with the first line (already printed or to come) that matches. */
  line(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code, or the signal's name. */
  exit: Promise<number | string>;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

const root = resolve(__dirname, "../..");

/** Runs `node --import tsx <file>` (a path relative to the repository). */
export function runTs(file: string, args: string[] = []): Child {
  return run(process.execPath, ["--import", "tsx", file, ...args]);
}

/** Runs a pyzmq script with Debian's python3 (the one that has python3-zmq). */
export function runPython(file: string, args: string[] = []): Child {
  return run("/usr/bin/python3", [file, ...args]);
}

function run(command: string, args: string[]): Child {
  const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  running.add(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve(line: string): void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const exit = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? "unknown");
    }),
  );
  return {
    process: child,
    lines,
    exit,
    line(pattern) {
      const found = lines.find((line) => pattern.test(line));
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exit.then((code) => reject(new Error(`exited (${code}) before printing ${pattern}`)));
      });
    },
  };
}
