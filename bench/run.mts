// npm run bench [-- --runs N] [--quick] [--filter text]
//
// Runs every case of bench/cases.ts against every peer of bench/peers.ts, each trial in
// fresh processes, several runs; reports the median with ratios to C and to zeromq.js,
// writes bench/results/latest.json and bench/results/throughput.svg (and, after a full
// run, copies the chart to docs/bench-throughput.svg for the README).
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type Case, caseName, cases, formatSize, type Pattern, QUICK_DIVISOR, targets } from "./cases.js";
import { median } from "./median.js";
import { type Peer, peers } from "./peers.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// A trial shorter than this is re-run with a count scaled to TARGET_SECONDS and not
// counted; one longer than MAX_SECONDS counts, and the next runs are scaled down.
const MIN_SECONDS = 0.5;
const TARGET_SECONDS = 1;
const MAX_SECONDS = 2;
const MAX_CALIBRATIONS = 3;
/** A trial that has not measured by then is killed and reported as a hang. */
const TRIAL_TIMEOUT_MS = 60_000;
/** After measuring, every process of a trial must end by itself within this. */
const EXIT_GRACE_MS = 10_000;

interface Options {
  runs: number;
  quick: boolean;
  filter: string | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 3, quick: false, filter: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") options.quick = true;
    else if (arg === "--runs" && Number.isInteger(Number(argv[i + 1])) && Number(argv[i + 1]) >= 1) {
      options.runs = Number(argv[++i]);
    } else if (arg === "--filter" && argv[i + 1] !== undefined) options.filter = argv[++i];
    else {
      console.error("usage: npm run bench -- [--runs N] [--quick] [--filter text]");
      console.error(`cases (--filter matches a part of the name):\n  ${cases.map(caseName).join("\n  ")}`);
      process.exit(arg === "--help" ? 0 : 2);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------
// One process of a trial: its JSON lines, and how it ended.

interface Line {
  ready?: string;
  n?: number;
  start?: string;
  end?: string;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

class PeerProcess {
  readonly child: ChildProcess;
  readonly label: string;
  #lines: Line[] = [];
  #stderr = "";
  #exit: Exit | undefined;
  #waiters = new Set<() => void>();

  constructor(peer: Peer, args: readonly string[]) {
    const command = args[0] === "push" && peer.senderCommand !== undefined ? peer.senderCommand : peer.command;
    const [program, ...first] = command;
    this.label = `${peer.name} ${args[0]}`;
    this.child = spawn(program, [...first, ...args], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdin!.on("error", () => {}); // it may have exited already
    this.child.stderr!.setEncoding("utf8").on("data", (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-4000);
    });
    createInterface({ input: this.child.stdout! }).on("line", (text) => {
      if (!text.startsWith("{")) return;
      try {
        this.#lines.push(JSON.parse(text) as Line);
      } catch {
        return;
      }
      this.#wake();
    });
    this.child.on("error", (error) => {
      this.#stderr += String(error);
      this.#exit ??= { code: null, signal: null };
      this.#wake();
    });
    // "close" comes after the last stdout line has been read.
    this.child.on("close", (code, signal) => {
      this.#exit = { code, signal };
      this.#wake();
    });
  }

  get exited(): boolean {
    return this.#exit !== undefined;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Resolves once `look` finds something; rejects if the process ends first. */
  #until<T>(what: string, look: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = look();
        if (found !== undefined) {
          this.#waiters.delete(check);
          resolve(found);
        } else if (this.#exit !== undefined) {
          this.#waiters.delete(check);
          reject(new Error(`${this.label} ended (${this.describeExit()}) before ${what}${this.stderrTail()}`));
        }
      };
      this.#waiters.add(check);
      check();
    });
  }

  ready(): Promise<string> {
    return this.#until("it was ready", () => this.#lines.find((line) => line.ready !== undefined)?.ready);
  }

  measure(): Promise<Measure> {
    return this.#until("it measured", () => {
      const line = this.#lines.find((l) => l.n !== undefined);
      return line && { n: line.n!, start: BigInt(line.start!), end: BigInt(line.end!) };
    });
  }

  /** true if it ended by itself within `ms`, with status 0 (else it throws). */
  async ended(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
    const exit = await Promise.race([this.#until("", () => this.#exit), timedOut]).catch(() => this.#exit);
    clearTimeout(timer);
    if (exit === undefined) return false;
    if (exit.code !== 0) throw new Error(`${this.label} exited with ${this.describeExit()}${this.stderrTail()}`);
    return true;
  }

  describeExit(): string {
    return this.#exit?.signal ?? `status ${this.#exit?.code}`;
  }

  stderrTail(): string {
    const text = this.#stderr.trim();
    return text ? `:\n    ${text.split("\n").slice(-6).join("\n    ")}` : "";
  }

  /** Senders close their socket and exit once their stdin closes (bench/node/common.mts). */
  release(): void {
    this.child.stdin!.end();
  }

  kill(): void {
    if (!this.exited) this.child.kill("SIGKILL");
  }
}

// ---------------------------------------------------------------------------------------
// One trial: the processes of one case for one peer.

interface Measure {
  n: number;
  start: bigint;
  end: bigint;
}

interface Trial {
  count: number;
  /** the measured time, from the earliest start to the latest end of the measurers */
  seconds: number;
  /** timed messages (round trips) per measurer */
  n: number;
  warnings: string[];
}

/** Who binds and who connects in each pattern, and which side measures. */
const shapes: Record<Pattern, { bind: string; connect: string; measures: "bind" | "connect" }> = {
  throughput: { bind: "pull", connect: "push", measures: "bind" },
  latency: { bind: "rep", connect: "req", measures: "connect" },
  fanout: { bind: "pub", connect: "sub", measures: "connect" },
};

let endpoints = 0;
function endpointFor(c: Case): string {
  switch (c.transport) {
    case "tcp":
      return "tcp://127.0.0.1:*";
    case "ipc":
      return `ipc://${join(tmpdir(), `zmq-napi-bench-${process.pid}-${++endpoints}.ipc`)}`;
    case "inproc":
      return "inproc://bench";
  }
}

async function runTrial(c: Case, peer: Peer, count: number): Promise<Trial> {
  const processes: PeerProcess[] = [];
  const start = (role: string, endpoint: string) => {
    const args = [role, endpoint, String(c.size), String(count), String(c.subscribers ?? 1)];
    const made = new PeerProcess(peer, args);
    processes.push(made);
    return made;
  };
  const endpoint = endpointFor(c);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const running = processes.filter((p) => !p.exited).map((p) => p.label);
      reject(new Error(`no result within ${TRIAL_TIMEOUT_MS / 1000} s (hung: ${running.join(", ")})`));
    }, TRIAL_TIMEOUT_MS);
  });
  try {
    const measure = async (): Promise<Measure[]> => {
      if (c.transport === "inproc") return [await start("inproc", endpoint).measure()];
      const shape = shapes[c.pattern];
      const binder = start(shape.bind, endpoint);
      const bound = await binder.ready();
      const connectors = Array.from({ length: c.subscribers ?? 1 }, () => start(shape.connect, bound));
      const measurers = shape.measures === "bind" ? [binder] : connectors;
      return Promise.all(measurers.map((p) => p.measure()));
    };
    const measures = await Promise.race([measure(), timeout]);
    clearTimeout(timer);
    const warnings: string[] = [];
    for (const p of processes) p.release();
    const ended = await Promise.all(processes.map((p) => p.ended(EXIT_GRACE_MS)));
    processes.forEach((p, i) => {
      if (!ended[i]) warnings.push(`${p.label} did not exit within ${EXIT_GRACE_MS / 1000} s of the result; killed`);
    });
    const first = measures.reduce((min, m) => (m.start < min ? m.start : min), measures[0].start);
    const last = measures.reduce((max, m) => (m.end > max ? m.end : max), measures[0].end);
    return { count, seconds: Number(last - first) / 1e9, n: measures[0].n, warnings };
  } finally {
    clearTimeout(timer);
    for (const p of processes) p.kill();
    if (endpoint.startsWith("ipc://")) rmSync(endpoint.slice("ipc://".length), { force: true });
  }
}

// ---------------------------------------------------------------------------------------
// Runs, calibration, medians.

interface Result {
  case: string;
  pattern: Pattern;
  transport: string;
  size: number;
  peer: string;
  /** msg/s (throughput, fanout: per subscriber) or one-way µs (latency), one per run */
  values: number[];
  counts: number[];
  median: number | null;
  errors: string[];
  warnings: string[];
}

const valueOf = (c: Case, trial: Trial): number =>
  c.pattern === "latency" ? (trial.seconds * 1e6) / trial.n / 2 : trial.n / trial.seconds;

/** count scaled so a trial takes about TARGET_SECONDS, to two significant digits. */
function scaled(count: number, seconds: number): number {
  const wanted = count * Math.min(50, TARGET_SECONDS / Math.max(seconds, 1e-6));
  const digits = 10 ** Math.max(0, Math.floor(Math.log10(wanted)) - 1);
  return Math.max(2, Math.round(wanted / digits) * digits);
}

const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");

async function runOne(c: Case, peer: Peer, result: Result, counts: Map<string, number>, options: Options, run: string) {
  const key = `${caseName(c)}|${peer.name}`;
  let count = counts.get(key) ?? (options.quick ? Math.max(20, Math.round(c.count / QUICK_DIVISOR)) : c.count);
  for (let calibration = 0; ; calibration++) {
    let trial: Trial;
    try {
      trial = await runTrial(c, peer, count);
    } catch (error) {
      const message = (error as Error).message;
      result.errors.push(message);
      console.error(`${run} ${caseName(c)} · ${peer.name}: FAILED (count ${count}): ${message}`);
      return;
    }
    for (const warning of trial.warnings) console.error(`${run} ${caseName(c)} · ${peer.name}: ${warning}`);
    result.warnings.push(...trial.warnings);
    if (!options.quick && trial.seconds < MIN_SECONDS && calibration < MAX_CALIBRATIONS) {
      count = scaled(count, trial.seconds);
      counts.set(key, count);
      continue; // too short to count: again, longer
    }
    if (!options.quick && trial.seconds > MAX_SECONDS) counts.set(key, scaled(count, trial.seconds));
    const value = valueOf(c, trial);
    result.values.push(value);
    result.counts.push(count);
    const shown = c.pattern === "latency" ? `${value.toFixed(1)} µs one-way` : `${fmtInt(value)} msg/s`;
    console.error(`${run} ${caseName(c)} · ${peer.name}: ${shown} (count ${count}, ${trial.seconds.toFixed(2)} s)`);
    return;
  }
}

// ---------------------------------------------------------------------------------------
// The report: a table, the issue's targets, JSON, and the chart.

function ratio(value: number | null, base: number | null | undefined): string {
  if (value === null || base === null || base === undefined) return "—";
  return `${(value / base).toFixed(2)}×`;
}

function spread(values: readonly number[], mid: number | null): string {
  if (values.length < 2 || mid === null) return "";
  return `±${(((Math.max(...values) - Math.min(...values)) / 2 / mid) * 100).toFixed(0)}%`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], rightFrom: number): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i >= rightFrom ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function report(results: readonly Result[], header: string, notes: readonly string[]): string {
  const lookup = (name: string, peer: string) => results.find((r) => r.case === name && r.peer === peer);
  const out: string[] = [header, ""];
  const failed = (r: Result) => (r.errors.length ? `failed ×${r.errors.length}` : "—");

  const rates = results.filter((r) => r.pattern !== "latency");
  if (rates.length > 0) {
    out.push("Throughput: msg/s (fanout: received by each subscriber), MB/s = 10^6 bytes/s; ratios = msg/s ÷ theirs, higher is better");
    const rows = rates.map((r, i) => {
      const mid = r.median;
      return [
        i > 0 && rates[i - 1].case === r.case ? "" : r.case,
        r.peer,
        mid === null ? failed(r) : fmtInt(mid),
        mid === null ? "" : ((mid * r.size) / 1e6).toFixed(r.size * mid >= 1e8 ? 0 : 1),
        spread(r.values, mid),
        ratio(mid, lookup(r.case, "C")?.median),
        ratio(mid, lookup(r.case, "zeromq.js")?.median),
      ];
    });
    out.push(table(["case", "peer", "msg/s", "MB/s", "spread", "×C", "×zeromq.js"], rows, 2), "");
  }
  const latencies = results.filter((r) => r.pattern === "latency");
  if (latencies.length > 0) {
    out.push("Latency: one-way µs = REQ/REP round trip ÷ 2; ratios = µs ÷ theirs, lower is better");
    const rows = latencies.map((r, i) => [
      i > 0 && latencies[i - 1].case === r.case ? "" : r.case,
      r.peer,
      r.median === null ? failed(r) : r.median.toFixed(1),
      spread(r.values, r.median),
      ratio(r.median, lookup(r.case, "C")?.median),
      ratio(r.median, lookup(r.case, "zeromq.js")?.median),
    ]);
    out.push(table(["case", "peer", "µs", "spread", "×C", "×zeromq.js"], rows, 2), "");
  }
  // A target is checked against the best of its `vs` peers that have a result in this run.
  const best = (name: string, vs: readonly string[]) => {
    const medians = vs.flatMap((peer) => {
      const m = lookup(name, peer)?.median;
      return m === null || m === undefined ? [] : [{ peer, median: m }];
    });
    const latency = name.startsWith("latency");
    return medians.sort((a, b) => (latency ? a.median - b.median : b.median - a.median))[0];
  };
  const checked = targets.filter((t) => lookup(t.case, t.peer) && best(t.case, t.vs));
  if (checked.length > 0) {
    out.push("Targets (bench/cases.ts): against the best of the peers named, in this run");
    const rows = checked.map((t) => {
      const value = lookup(t.case, t.peer)!.median;
      const base = best(t.case, t.vs)!;
      const latency = t.case.startsWith("latency");
      const got = value !== null ? value / base.median : null;
      const met = got === null ? "—" : (latency ? got <= t.ratio : got >= t.ratio) ? "met" : "NOT met";
      return [t.case, `${t.peer} vs ${base.peer}`, `${latency ? "≤" : "≥"} ${t.ratio}×`, got === null ? "—" : `${got.toFixed(2)}×`, met];
    });
    out.push(table(["case", "ratio", "target", "measured", ""], rows, 2), "");
    const missed = rows.filter((r) => r[4] === "NOT met").length;
    out.push(`${checked.length - missed} of ${checked.length} targets met.`, "");
  }
  out.push(...notes);
  return out.join("\n");
}

const palette: Record<string, string> = {
  C: "#555555",
  "zmq-napi": "#d9480f",
  "zmq-napi batch": "#f08c00",
  "zeromq.js": "#1971c2",
  pyzmq: "#2f9e44",
};

/** msg/s against message size, both on log axes, one line per peer: PUSH→PULL over tcp. */
function chart(results: readonly Result[], subtitle: string, footnote: string): string | null {
  // The mixed pairs are for finding a bottleneck, not for the chart.
  const rows = results.filter(
    (r) => r.pattern === "throughput" && r.transport === "tcp" && r.median !== null && !r.peer.includes(" → "),
  );
  if (rows.length === 0) return null;
  const [width, height] = [720, 460];
  const plot = { left: 80, right: 560, top: 60, bottom: 380 };
  const sizes = [...new Set(rows.map((r) => r.size))].sort((a, b) => a - b);
  const values = rows.map((r) => r.median!);
  const [xMin, xMax] = [Math.log2(Math.min(...sizes)), Math.log2(Math.max(...sizes))];
  const [yMin, yMax] = [Math.floor(Math.log10(Math.min(...values))), Math.ceil(Math.log10(Math.max(...values)))];
  const x = (size: number) =>
    xMax === xMin ? (plot.left + plot.right) / 2 : plot.left + ((Math.log2(size) - xMin) / (xMax - xMin)) * (plot.right - plot.left);
  const y = (v: number) => plot.bottom - ((Math.log10(v) - yMin) / Math.max(1, yMax - yMin)) * (plot.bottom - plot.top);
  const decade = (e: number) => ["1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M", "1G"][e] ?? `1e${e}`;
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const svg: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${plot.left}" y="26" font-size="16" font-weight="bold">PUSH→PULL throughput over tcp (msg/s, log scale)</text>`,
    `<text x="${plot.left}" y="44" fill="#666666">${escape(subtitle)}</text>`,
  ];
  for (let e = yMin; e <= yMax; e++) {
    svg.push(
      `<line x1="${plot.left}" y1="${y(10 ** e)}" x2="${plot.right}" y2="${y(10 ** e)}" stroke="#e0e0e0"/>`,
      `<text x="${plot.left - 8}" y="${y(10 ** e) + 4}" text-anchor="end">${decade(e)}</text>`,
    );
  }
  for (const size of sizes) {
    svg.push(
      `<line x1="${x(size)}" y1="${plot.top}" x2="${x(size)}" y2="${plot.bottom}" stroke="#e0e0e0"/>`,
      `<text x="${x(size)}" y="${plot.bottom + 18}" text-anchor="middle">${formatSize(size)}</text>`,
    );
  }
  svg.push(
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#999999"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 40}" text-anchor="middle">message size (log scale)</text>`,
    `<text transform="translate(22 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle">messages per second</text>`,
    `<text x="${plot.left}" y="${height - 12}" font-size="11" fill="#666666">${escape(footnote)}</text>`,
  );
  const names = [...new Set(rows.map((r) => r.peer))];
  names.forEach((name, i) => {
    const color = palette[name] ?? "#9c36b5";
    const points = rows.filter((r) => r.peer === name).sort((a, b) => a.size - b.size);
    const path = points.map((r) => `${x(r.size).toFixed(1)},${y(r.median!).toFixed(1)}`).join(" ");
    svg.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2.5"/>`);
    for (const r of points) {
      svg.push(
        `<circle cx="${x(r.size).toFixed(1)}" cy="${y(r.median!).toFixed(1)}" r="4" fill="${color}"><title>${escape(name)}, ${formatSize(r.size)}: ${fmtInt(r.median!)} msg/s</title></circle>`,
      );
    }
    const ly = plot.top + 10 + i * 24;
    svg.push(
      `<line x1="${plot.right + 20}" y1="${ly}" x2="${plot.right + 48}" y2="${ly}" stroke="${color}" stroke-width="2.5"/>`,
      `<text x="${plot.right + 56}" y="${ly + 4}">${escape(name)}</text>`,
    );
  });
  svg.push("</svg>", "");
  return svg.join("\n");
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const selected = cases.filter((c) => options.filter === undefined || caseName(c).includes(options.filter));
  if (selected.length === 0) {
    console.error(`no case matches "${options.filter}"; cases:\n  ${cases.map(caseName).join("\n  ")}`);
    process.exit(2);
  }
  const available: Peer[] = [];
  const versions: Record<string, string> = {};
  const skipped: string[] = [];
  for (const peer of peers) {
    try {
      versions[peer.name] = peer.prepare(root);
      available.push(peer);
    } catch (error) {
      skipped.push(`${peer.name} skipped: ${(error as Error).message}`);
    }
  }
  for (const line of skipped) console.error(line);

  const runs = (c: Case, peer: Peer) =>
    (peer.patterns === undefined || peer.patterns.includes(c.pattern)) &&
    (peer.transports === undefined || peer.transports.includes(c.transport));
  const results: Result[] = selected.flatMap((c) =>
    available.filter((peer) => runs(c, peer)).map((peer) => ({
      case: caseName(c),
      pattern: c.pattern,
      transport: c.transport,
      size: c.size,
      peer: peer.name,
      values: [],
      counts: [],
      median: null,
      errors: [],
      warnings: [],
    })),
  );
  const counts = new Map<string, number>();
  const began = Date.now();
  const loadAtStart = loadavg()[0];
  for (let run = 1; run <= options.runs; run++) {
    for (const c of selected) {
      for (const peer of available.filter((p) => runs(c, p))) {
        const result = results.find((r) => r.case === caseName(c) && r.peer === peer.name)!;
        await runOne(c, peer, result, counts, options, `[${run}/${options.runs}]`);
      }
    }
  }
  for (const r of results) r.median = median(r.values);

  const cpu = cpus();
  const versionText = available.map((p) => `${p.name} ${versions[p.name]}`).join(", ");
  const header =
    `zmq-napi bench: median of ${options.runs} run${options.runs > 1 ? "s" : ""}${options.quick ? " (--quick: small counts, not calibrated)" : ""}, ` +
    `each trial in fresh processes; Node ${process.version}; ${versionText}; ${cpu.length} × ${cpu[0]?.model.trim() ?? "?"}`;
  const notes = [
    "inproc: " + available.flatMap((p) => (p.inproc === undefined ? [] : [`${p.name}: ${p.inproc}`])).join("; ") + ".",
    ...available.flatMap((p) => (p.note === undefined ? [] : [p.note])),
    "fanout: an XPUB (NODROP, waits for the 4 subscriptions) to 4 SUB processes; msg/s from the first message any subscriber got to the last one the last got.",
    "C: zmq_send from one buffer, zmq_recv into one buffer (a copy each way); pyzmq: send(bytes)/recv() (copies too); Node: one Buffer sent again and again.",
    ...(options.runs > 1 ? [`spread: half the range of the ${options.runs} runs, relative to the median.`] : []),
    `load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${loadavg()[0].toFixed(2)}.`,
    ...skipped,
    ...results.flatMap((r) => r.warnings.map((w) => `warning: ${r.case} · ${r.peer}: ${w}`)),
    ...results.flatMap((r) => r.errors.map((e) => `error: ${r.case} · ${r.peer}: ${e}`)),
    `(${((Date.now() - began) / 1000).toFixed(0)} s)`,
  ];
  console.log(report(results, header, notes));

  const out = join(root, "bench/results");
  mkdirSync(out, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    options,
    machine: { cpus: cpu.length, model: cpu[0]?.model.trim(), platform: `${process.platform} ${process.arch}`, node: process.version },
    versions,
    skipped,
    units: { throughput: "msg/s", fanout: "msg/s received by each subscriber", latency: "one-way µs (round trip / 2)" },
    results,
  };
  writeFileSync(join(out, "latest.json"), `${JSON.stringify(json, null, 2)}\n`);
  const svg = chart(
    results,
    `median of ${options.runs} run${options.runs > 1 ? "s" : ""}${options.quick ? " (--quick)" : ""}, each trial in fresh processes · ${cpu.length} × ${cpu[0]?.model.trim() ?? "?"}`,
    `${versionText}; Node ${process.version}`,
  );
  if (svg !== null) {
    writeFileSync(join(out, "throughput.svg"), svg);
    // The README's chart comes from full runs only, never from a smoke or filtered run.
    if (!options.quick && options.filter === undefined) {
      mkdirSync(join(root, "docs"), { recursive: true });
      copyFileSync(join(out, "throughput.svg"), join(root, "docs/bench-throughput.svg"));
    }
  }
  console.error(`wrote bench/results/latest.json${svg !== null ? ", bench/results/throughput.svg" : ""}`);
}

await main();
