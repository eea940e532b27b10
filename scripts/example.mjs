#!/usr/bin/env node
// npm run example -- <name> [args…]: runs examples/<name>.mts with tsx.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [name, ...args] = process.argv.slice(2);
const file = join(root, "examples", `${name}.mts`);
if (!name || !existsSync(file)) {
  const names = readdirSync(join(root, "examples"))
    .filter((f) => f.endsWith(".mts") && f !== "zhelpers.mts")
    .map((f) => f.slice(0, -4));
  console.error(`usage: npm run example -- <name> [args…]\nexamples: ${names.join(" ")}`);
  process.exit(2);
}
const tsx = createRequire(import.meta.url).resolve("tsx");
const child = spawn(process.execPath, ["--import", tsx, file, ...args], { stdio: "inherit", cwd: root });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
