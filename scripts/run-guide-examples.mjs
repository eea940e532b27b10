#!/usr/bin/env node
// Runs the ZeroMQ Guide's own Node.js programs of chapters 1–2, unchanged, with `zmq` and
// `zeromq` resolved to zmq-napi/compat (issue 16). The repo carries no copy of them: the user
// passes a folder holding their copies (booksbyus/zguide, examples/Node.js).
//
//   node scripts/run-guide-examples.mjs <folder> [--repo <checkout>] [--only a,b] [--keep]
//
// --repo (or ZMQ_NAPI_ROOT): the zmq-napi checkout whose `zmq-napi/compat` export is used,
// built (`npm run build:ts`); default: the checkout this script is in. --only: scenarios by
// name. --keep: keep the work folder (kept anyway when a scenario fails: the logs are there).
//
// The programs bind fixed `tcp://*` ports, so every scenario runs in namespaces of its own
// (`unshare -n -p -f`): a private loopback for the ports, a PID namespace so that nothing a
// scenario started outlives it. This same file is the driver inside (`--inside`); the
// scenarios themselves are a table in guide-scenarios.mjs.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SCENARIOS, fileOf, filesOf } from "./guide-scenarios.mjs";

const SCRIPT = fileURLToPath(import.meta.url);
const RESULT_TAG = "GUIDE-RESULT ";

// ---- inside the namespaces: run one scenario ------------------------------------------------

class Run {
  constructor(dir, deadline) {
    this.dir = dir;
    this.deadline = deadline;
    this.procs = new Map();
  }

  start(id, { args = [], tty = false }) {
    const file = join(this.dir, fileOf(id));
    // A TTY for programs that want one: util-linux `script` gives the program a pty and
    // copies our pipe into it.
    const command = [process.execPath, file, ...args];
    const child = tty
      ? spawn("script", ["-qfec", command.map(quote).join(" "), "/dev/null"], { cwd: this.dir })
      : spawn(command[0], command.slice(1), { cwd: this.dir });
    const proc = { child, out: "", err: "", done: false, code: null, signal: null };
    child.stdout.on("data", (chunk) => (proc.out += chunk));
    child.stderr.on("data", (chunk) => (proc.err += chunk));
    child.on("exit", (code, sig) => Object.assign(proc, { done: true, code, signal: sig }));
    // `script` (util-linux) missing, say: the reason names it instead of the driver dying.
    child.on("error", (error) => Object.assign(proc, { done: true, err: `${proc.err}Error: ${error.message}\n` }));
    child.stdin.on("error", () => {}); // a program that ended before we wrote to it
    this.procs.set(id, proc);
  }

  proc(id) {
    const proc = this.procs.get(id);
    if (!proc) throw new Error(`scenario bug: ${id} was not started`);
    return proc;
  }

  // Lines of stdout matching `re`. Under a pty lines end in \r\n and console.log colours
  // numbers, so both are taken off first.
  lines(id) {
    return this.proc(id).out.replace(/\x1b\[[0-9;]*m/g, "").split(/\r?\n/);
  }

  count(id, re) {
    return this.lines(id).filter((line) => re.test(line)).length;
  }

  // Waits for `ready()` about program `id`; gives up at the scenario's deadline, or at once
  // when `id` has ended and still is not ready.
  async until(ready, id, what) {
    while (!ready()) {
      const proc = this.proc(id);
      if (proc.done) {
        const before = what.replace(`${id} to `, "it could ");
        throw new Error(`${id} ended (${describeEnd(proc)}) before ${before}${this.soFar(id)}`);
      }
      if (Date.now() > this.deadline) throw new Error(`timed out waiting for ${what}${this.soFar(id)}`);
      await new Promise((done) => setTimeout(done, 25));
    }
  }

  // What `id` printed last, for a reason that says how far it got.
  soFar(id) {
    const text = this.lines(id).join(" ").trim();
    return text ? ` (its output ends: ${JSON.stringify(text.slice(-60))})` : " (it printed nothing)";
  }

  // The first line on any stderr that names an error: most often the reason itself.
  firstError() {
    for (const [id, proc] of this.procs) {
      const text = proc.err + (proc.child.spawnargs[0] === "script" ? proc.out : "");
      const line = text.split(/\r?\n/).find((l) => /\b\w*(Error|ERR_\w+)\b/.test(l));
      if (line) return `${id}: ${line.trim()}`;
    }
    return null;
  }

  // The first stderr line of any program (a pty's programs write theirs into stdout).
  anyStderr() {
    for (const [id, proc] of this.procs) {
      const line = proc.err.split("\n").find((l) => l.trim() !== "");
      if (line) return `${id} wrote to stderr: ${line.trim()}`;
    }
    return null;
  }

  async stopAll() {
    const running = [...this.procs.values()].filter((proc) => !proc.done);
    for (const proc of running) proc.child.kill("SIGTERM");
    const until = Date.now() + 2000;
    while (running.some((proc) => !proc.done) && Date.now() < until) await new Promise((done) => setTimeout(done, 25));
    for (const proc of running) if (!proc.done) proc.child.kill("SIGKILL");
  }

  saveLogs() {
    for (const [id, proc] of this.procs) {
      const name = id.replace("#", "-");
      writeFileSync(join(this.dir, `${name}.stdout.log`), proc.out);
      writeFileSync(join(this.dir, `${name}.stderr.log`), proc.err);
    }
  }
}

const quote = (word) => `'${String(word).replace(/'/g, "'\\''")}'`;
const describeEnd = (proc) => proc.signal ?? (proc.code === null ? "could not start" : `code ${proc.code}`);

async function inside(name, dir) {
  const scenario = SCENARIOS.find((s) => s.name === name);
  const began = Date.now();
  const run = new Run(dir, began + scenario.seconds * 1000);
  let reason = null;
  try {
    execFileSync("ip", ["link", "set", "lo", "up"], { stdio: "pipe" });
    for (const step of scenario.steps) await step(run);
  } catch (error) {
    reason = error.message.split("\n")[0];
  }
  await run.stopAll(); // a step may have failed with programs still running
  for (const check of scenario.pass) {
    if (reason) break;
    try {
      reason = check(run);
    } catch (error) {
      reason = error.message; // a check about a program the failed steps never started
    }
  }
  // A failed check, with the error behind it when a program printed one; else any stderr at
  // all, since the legacy module printed nothing there: a warning is a difference too.
  const error = reason ? run.firstError() : null;
  reason ??= run.anyStderr();
  run.saveLogs();
  const seconds = (Date.now() - began) / 1000;
  const result = { pass: !reason, seconds, reason: [reason, error].filter(Boolean).join("; ") };
  process.stdout.write(`${RESULT_TAG}${JSON.stringify(result)}\n`);
  process.exit(0); // PID 1 of the namespace: its end takes every program still there with it
}

// ---- outside: the work folder, one namespace per scenario, the summary ------------------------

function usage(message) {
  if (message) console.error(message);
  console.error(
    "usage: node scripts/run-guide-examples.mjs <folder of the Guide's Node.js programs>" +
      " [--repo <zmq-napi checkout>] [--only a,b] [--keep]",
  );
  console.error(`scenarios: ${SCENARIOS.map((s) => s.name).join(" ")}`);
  process.exit(2);
}

function parseArgs(argv) {
  const repo = process.env.ZMQ_NAPI_ROOT || join(dirname(SCRIPT), "..");
  const opts = { folder: null, repo, only: null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--repo") opts.repo = argv[++i];
    else if (arg === "--only") opts.only = (argv[++i] ?? "").split(",");
    else if (arg === "--keep") opts.keep = true;
    else if (arg.startsWith("-")) usage(`unknown option ${arg}`);
    else if (opts.folder === null) opts.folder = arg;
    else usage(`one folder only (got ${arg})`);
  }
  if (!opts.folder) usage();
  if (!opts.repo) usage("--repo needs a path");
  opts.folder = resolve(opts.folder);
  opts.repo = resolve(opts.repo);
  for (const name of opts.only ?? []) if (!SCENARIOS.some((s) => s.name === name)) usage(`no scenario ${name}`);
  return opts;
}

// The unshare flags that work here: root's, else a user namespace mapping us to root. Fails
// clearly when neither does: without namespaces the fixed ports would meet the machine's.
function unshareFlags() {
  const tries = [["-n", "-p", "-f", "--kill-child"], ["-r", "-n", "-p", "-f", "--kill-child"]];
  const whys = [];
  for (const flags of tries) {
    const probe = spawnSync("unshare", [...flags, "ip", "link", "set", "lo", "up"], { encoding: "utf8" });
    if (probe.status === 0) return flags;
    whys.push(`unshare ${flags.join(" ")}: ${probe.error ? probe.error.message : probe.stderr.trim()}`);
  }
  console.error(`Private namespaces are not permitted here:\n  ${whys.join("\n  ")}`);
  console.error(
    "The Guide's programs bind fixed tcp://* ports, so this runner runs each scenario in a network" +
      " and PID namespace of its own: run it as root, or where user namespaces are allowed.",
  );
  process.exit(2);
}

// node_modules/zmq and node_modules/zeromq: packages whose main is zmq-napi/compat, reached
// through the package's own "./compat" export (node_modules/zmq-napi is the checkout).
function makeWorkFolder(repo) {
  const work = mkdtempSync(join(tmpdir(), "guide-examples-"));
  const modules = join(work, "node_modules");
  mkdirSync(modules);
  symlinkSync(repo, join(modules, "zmq-napi"), "dir");
  for (const name of ["zmq", "zeromq"]) {
    mkdirSync(join(modules, name));
    const manifest = { name, version: "0.0.0-compat", main: "index.js" };
    writeFileSync(join(modules, name, "package.json"), `${JSON.stringify(manifest)}\n`);
    writeFileSync(join(modules, name, "index.js"), 'module.exports = require("zmq-napi/compat");\n');
  }
  return work;
}

// The checkout's commit, and whether its tree differs from it, for the record.
function describeCheckout(repo) {
  const git = (...args) => spawnSync("git", ["-C", repo, ...args], { encoding: "utf8" });
  const head = git("log", "-1", "--format=%h %s");
  if (head.status !== 0) return "";
  const dirty = git("status", "--porcelain", "--untracked-files=no").stdout.trim() !== "";
  return ` (${head.stdout.trim()}${dirty ? "; with uncommitted changes" : ""})`;
}

// Whether a compat source file changed after the build that will be run.
function staleBuild(repo) {
  const built = join(repo, "dist", "compat", "index.js");
  const sources = join(repo, "lib", "compat");
  if (!existsSync(built) || !existsSync(sources)) return false;
  const builtAt = statSync(built).mtimeMs;
  return readdirSync(sources).some((file) => statSync(join(sources, file)).mtimeMs > builtAt);
}

function compatProblem(work) {
  try {
    createRequire(join(work, "node_modules", "zmq", "index.js")).resolve("zmq-napi/compat");
    return null;
  } catch (error) {
    return error.message.split("\n")[0];
  }
}

// Each scenario gets a folder of its own with every .js of the user's folder (zhelpers.js
// too): wuserver's ipc://weather.ipc is a file in its working directory.
function scenarioFolder(work, folder, scenario) {
  const dir = join(work, scenario.name);
  mkdirSync(dir);
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".js"))) {
    copyFileSync(join(folder, file), join(dir, file));
  }
  return dir;
}

function runScenario(scenario, dir, flags) {
  const missing = filesOf(scenario).filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    return Promise.resolve({ pass: false, seconds: 0, reason: `not in the folder: ${missing.join(", ")}` });
  }
  return new Promise((done) => {
    const began = Date.now();
    const child = spawn("unshare", [...flags, process.execPath, SCRIPT, "--inside", scenario.name, dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    // The driver keeps its own time; this is for a driver that hangs itself.
    const timer = setTimeout(() => child.kill("SIGKILL"), (scenario.seconds + 15) * 1000);
    child.on("exit", (code, sig) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith(RESULT_TAG));
      if (line) return done(JSON.parse(line.slice(RESULT_TAG.length)));
      const why = sig ? `killed (${sig}) after ${scenario.seconds + 15} s` : `driver ended with code ${code}`;
      const seconds = (Date.now() - began) / 1000;
      done({ pass: false, seconds, reason: `${why}: ${err.trim().split("\n").pop() ?? ""}` });
    });
  });
}

function printTable(rows) {
  const width = Math.max(8, ...rows.map((row) => row.name.length));
  console.log(`${"scenario".padEnd(width)}  result  seconds  reason`);
  for (const row of rows) {
    const result = row.pass ? "pass" : "FAIL";
    console.log(`${row.name.padEnd(width)}  ${result.padEnd(6)}  ${row.seconds.toFixed(1).padStart(7)}  ${row.reason}`);
  }
}

async function outside(argv) {
  const opts = parseArgs(argv);
  if (!existsSync(opts.folder)) usage(`no folder ${opts.folder}`);
  const flags = unshareFlags();
  const work = makeWorkFolder(opts.repo);
  const problem = compatProblem(work);
  console.log(`zmq-napi checkout: ${opts.repo}${describeCheckout(opts.repo)}`);
  console.log(`programs from:     ${opts.folder}`);
  if (problem) console.log(`note: zmq-napi/compat does not resolve there (${problem}); build it with npm run build:ts`);
  else if (staleBuild(opts.repo)) console.log("note: lib/compat/ is newer than dist/compat/ there: npm run build:ts");
  const rows = [];
  for (const scenario of SCENARIOS.filter((s) => !opts.only || opts.only.includes(s.name))) {
    process.stderr.write(`running ${scenario.name} …\n`);
    const result = await runScenario(scenario, scenarioFolder(work, opts.folder, scenario), flags);
    rows.push({ name: scenario.name, ...result });
  }
  console.log("");
  printTable(rows);
  const failed = rows.filter((row) => !row.pass).length;
  if (failed > 0 || opts.keep) console.log(`\nlogs (each program's stdout and stderr): ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(`\n${rows.length - failed} of ${rows.length} scenarios passed`);
  process.exit(failed > 0 ? 1 : 0);
}

if (process.argv[2] === "--inside") await inside(process.argv[3], process.argv[4]);
else await outside(process.argv.slice(2));
