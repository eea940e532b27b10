// The scenarios of scripts/run-guide-examples.mjs: which of the Guide's Node.js programs run
// together, in what order, and what each must print or how it must end to pass. A program is
// named by its file (`taskwork`), or `taskwork#2` for a second one of it; the steps call the
// runner's `run` (start, until, count, proc).

// ---- steps and checks: what a scenario is made of -------------------------------------------

const start = (id, opts = {}) => Object.assign((run) => run.start(id, opts), { starts: id });
const pause = (ms) => () => new Promise((done) => setTimeout(done, ms));
const printed = (id, re, times = 1) => (run) =>
  run.until(() => run.count(id, re) >= times, id, `${id} to print ${re}${times > 1 ? ` ${times} times` : ""}`);
const exited = (id) => (run) => run.until(() => run.proc(id).done, id, `${id} to exit`);
const signal = (id, name) => (run) => run.proc(id).child.kill(name);
// taskvent reads a key from a raw-mode TTY ("Press enter when the workers are ready").
const pressEnter = (id) => (run) => run.proc(id).child.stdin.write("\n");

const lines = (id, re, times = 1) => (run) =>
  run.count(id, re) >= times ? null : `${id} printed ${re} ${run.count(id, re)} times, wanted ${times}`;
const never = (id, re) => (run) => (run.count(id, re) === 0 ? null : `${id} printed ${re}`);
const exitCode = (id, code) => (run) => {
  const { done, code: got, signal: sig } = run.proc(id);
  if (!done) return `${id} still running`;
  return got === code ? null : `${id} ended with ${sig ?? `code ${got}`}, wanted code ${code}`;
};

// ---- the pipeline's parts, as the Guide runs them -------------------------------------------

// The sink first, then two workers, given a second to connect.
const sinkAndWorkers = (sink, worker) => [
  start(sink),
  pause(300),
  start(`${worker}#1`),
  start(`${worker}#2`),
  pause(1000),
];

// taskvent binds the workers' port and waits for Enter; as a person would, press it once the
// workers have reconnected to it (sends to a PUSH with no peer yet would wait, then be lost
// to taskvent's process.exit()).
const ventilate = () => [
  start("taskvent", { tty: true }),
  printed("taskvent", /Press enter when the workers are ready/),
  pause(1000),
  pressEnter("taskvent"),
];

// tasksink's progress (a mark per result, `:` every tenth) and console.timeEnd's line.
const ELAPSED = /[.:]{100}Total elapsed time: \d+(\.\d+)?m?s$/;

// ---- the scenarios ----------------------------------------------------------------------------
// Servers first; `seconds` is the scenario's time limit.

export const SCENARIOS = [
  {
    name: "version",
    seconds: 15,
    steps: [start("version"), exited("version")],
    pass: [lines("version", /^Current 0MQ version is \d+\.\d+\.\d+$/), exitCode("version", 0)],
  },
  {
    // Needs zhelpers.js beside it; ends by itself once its timer closes every socket.
    name: "identity",
    needs: ["zhelpers.js"],
    seconds: 15,
    steps: [start("identity"), exited("identity")],
    pass: [
      lines("identity", /^\[005\] 00[0-9a-f]{8}$/), // ROUTER's generated 5-byte identity
      lines("identity", /^\[005\] PEER2$/), // the one set with `identity = "PEER2"`
      lines("identity", /^\[000\] ?$/, 2), // REQ's empty delimiter, once per peer
      lines("identity", /^\[037\] ROUTER uses generated 5 byte identity$/),
      lines("identity", /^\[033\] ROUTER uses REQ's socket identity$/),
      exitCode("identity", 0),
    ],
  },
  {
    // hwclient queues ten sends on its REQ at once; hwserver's SIGINT handler only closes
    // its socket, so the process must then end by itself.
    name: "hwserver+hwclient",
    seconds: 40,
    steps: [
      start("hwserver"),
      printed("hwserver", /Listening on 5555/),
      start("hwclient"),
      exited("hwclient"),
      signal("hwserver", "SIGINT"),
      exited("hwserver"),
    ],
    pass: [
      lines("hwclient", /^Received reply \d : \[ World \]$/, 10),
      exitCode("hwclient", 0),
      lines("hwserver", /^Received request: \[ Hello \]$/, 10),
      exitCode("hwserver", 0),
    ],
  },
  {
    // wuserver sends from a `while (true)` that never yields. The Guide's default zipcode
    // (10001) needs ~10 million updates for wuclient's 100 (13 s of a busy core here); its
    // argv filter "100" (a prefix) needs ~100 thousand.
    name: "wuserver+wuclient",
    seconds: 40,
    steps: [
      start("wuserver"),
      pause(300),
      start("wuclient", { args: ["100"] }),
      printed("wuclient", /Average temperature/),
    ],
    // Copies differ in spacing ("zipcode ' 100 ' was 41.2 F", "zipcode '100' was 41.20 F").
    pass: [lines("wuclient", /^Average temperature for zipcode ' ?100 ?' was ?-?\d+(\.\d+)? F$/)],
  },
  {
    // taskvent sends, closes and calls process.exit() at once: tasksink gets the batch
    // start and the 100 results only if nothing sent before the exit is lost.
    name: "pipeline",
    seconds: 40,
    steps: [
      ...sinkAndWorkers("tasksink", "taskwork"),
      ...ventilate(),
      exited("taskvent"),
      exited("tasksink"),
      signal("taskwork#1", "SIGINT"),
      signal("taskwork#2", "SIGINT"),
      exited("taskwork#1"),
      exited("taskwork#2"),
    ],
    pass: [
      lines("taskvent", /Total expected cost: \d+ msec/),
      exitCode("taskvent", 0),
      lines("tasksink", ELAPSED),
      exitCode("tasksink", 0),
      exitCode("taskwork#1", 0),
      exitCode("taskwork#2", 0),
    ],
  },
  {
    // The kill-signal variant: the workers must end by themselves on the sink's KILL, which
    // tasksink2 publishes right before close() and process.exit().
    name: "pipeline-kill",
    seconds: 40,
    steps: [
      ...sinkAndWorkers("tasksink2", "taskwork2"),
      ...ventilate(),
      exited("taskvent"),
      exited("tasksink2"),
      exited("taskwork2#1"),
      exited("taskwork2#2"),
    ],
    pass: [
      lines("tasksink2", ELAPSED),
      exitCode("tasksink2", 0),
      exitCode("taskwork2#1", 0),
      exitCode("taskwork2#2", 0),
      exitCode("taskvent", 0),
    ],
  },
  {
    // rrbroker forwards the frames it gets as arguments, as an array to send().
    name: "rrbroker+rrclient+rrworker",
    seconds: 40,
    steps: [
      start("rrbroker"),
      pause(300),
      start("rrworker"),
      start("rrclient"),
      printed("rrclient", /^got reply \d World$/, 10),
    ],
    pass: [lines("rrclient", /^got reply \d World$/, 10), lines("rrworker", /^received request: Hello$/, 10)],
  },
  {
    // The same through zmq.proxy(router, dealer); msgqueue's SIGINT handler closes both
    // sockets, so it must then end by itself.
    name: "msgqueue+rrclient+rrworker",
    seconds: 40,
    steps: [
      start("msgqueue"),
      printed("msgqueue", /starting proxy/),
      start("rrworker"),
      start("rrclient"),
      printed("rrclient", /^got reply \d World$/, 10),
      signal("msgqueue", "SIGINT"),
      exited("msgqueue"),
    ],
    pass: [
      lines("rrclient", /^got reply \d World$/, 10),
      lines("rrworker", /^received request: Hello$/, 10),
      exitCode("msgqueue", 0),
    ],
  },
  {
    // One envelope a second each of A (an array send) and B (ZMQ_SNDMORE by hand); the
    // subscriber asked for B only.
    name: "psenvpub+psenvsub",
    seconds: 20,
    steps: [
      start("psenvpub"),
      printed("psenvpub", /Listening on 5563/),
      start("psenvsub"),
      printed("psenvsub", /^\[ 'B', 'We would like to see this' \]$/, 3),
    ],
    pass: [lines("psenvsub", /^\[ 'B', 'We would like to see this' \]$/, 3), never("psenvsub", /'A'/)],
  },
  {
    // syncpub publishes its subscriber count on every SYNC; two syncsubs report it. All
    // three only close their sockets on SIGINT, and must then end by themselves.
    name: "syncpub+syncsub",
    seconds: 20,
    steps: [
      start("syncpub"),
      printed("syncpub", /Listening on 8888/),
      printed("syncpub", /Listening on 8688/),
      start("syncsub#1"),
      printed("syncsub#1", /^Received message: {2}1 subscribers connected\.$/),
      start("syncsub#2"),
      printed("syncsub#2", /^Received message: {2}2 subscribers connected\.$/),
      printed("syncsub#1", /^Received message: {2}2 subscribers connected\.$/),
      signal("syncsub#1", "SIGINT"),
      signal("syncsub#2", "SIGINT"),
      signal("syncpub", "SIGINT"),
      exited("syncsub#1"),
      exited("syncsub#2"),
      exited("syncpub"),
    ],
    pass: [
      lines("syncpub", /^SYNC 2$/),
      exitCode("syncsub#1", 0),
      exitCode("syncsub#2", 0),
      exitCode("syncpub", 0),
    ],
  },
  {
    // mspoller reads the ventilator and the weather server at once. tasksink is there
    // to take taskvent's batch-start message, as in the Guide's set-up.
    name: "mspoller",
    seconds: 40,
    steps: [
      start("wuserver"),
      start("tasksink"),
      pause(300),
      start("mspoller"),
      pause(1000),
      ...ventilate(),
      printed("mspoller", /^From Task Ventilator: \d+$/, 100),
      printed("mspoller", /^Weather Update: 10001 /),
      // taskvent exits by itself once it sent: waited for, not killed mid-exit (its
      // terminal would then report the kill, which counts as output on stderr).
      exited("taskvent"),
    ],
    pass: [
      lines("mspoller", /^From Task Ventilator: \d+$/, 100),
      lines("mspoller", /^Weather Update: 10001 -?\d+ \d+$/),
      exitCode("taskvent", 0),
    ],
  },
  {
    // interrupt echoes requests (hwclient is its client here) and exits on SIGINT.
    name: "interrupt",
    seconds: 20,
    steps: [
      start("interrupt"),
      pause(500),
      start("hwclient"),
      exited("hwclient"),
      signal("interrupt", "SIGINT"),
      exited("interrupt"),
    ],
    pass: [
      lines("hwclient", /^Received reply \d : \[ Hello \]$/, 10),
      exitCode("hwclient", 0),
      exitCode("interrupt", 0),
    ],
  },
];

export const fileOf = (id) => `${id.replace(/#\d+$/, "")}.js`;

const programsOf = (scenario) => scenario.steps.flatMap((step) => step.starts ?? []);

// The files a scenario needs in the user's folder: its programs, and helpers they require.
export const filesOf = (scenario) => [...new Set([...programsOf(scenario).map(fileOf), ...(scenario.needs ?? [])])];
