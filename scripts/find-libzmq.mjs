#!/usr/bin/env node
// Finds libzmq through pkg-config for both builds (binding.gyp and CMakeLists.txt).
// When it is missing the build stops with one line that says what to install.
//   node scripts/find-libzmq.mjs --cflags | --libs | --include-dir
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const MISSING =
  "zmq-napi: libzmq not found by pkg-config. Install it first: " +
  "Debian/Ubuntu `sudo apt-get install libzmq3-dev pkg-config`, macOS `brew install zeromq pkg-config`.";

function pkgConfig(...args) {
  try {
    return execFileSync("pkg-config", [...args, "libzmq"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return null;
  }
}

/** The libzmq build flags, or a thrown Error whose message says what to install. */
export function findLibzmq() {
  const includeDir = pkgConfig("--variable=includedir");
  const header = includeDir === null ? "" : join(includeDir, "zmq.h");
  if (!header || !existsSync(header)) throw new Error(MISSING);
  return {
    header,
    includeDir,
    cflags: pkgConfig("--cflags") ?? "",
    libs: pkgConfig("--libs") ?? "-lzmq",
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let found;
  try {
    found = findLibzmq();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  const what = process.argv[2] ?? "--cflags";
  const answers = { "--cflags": found.cflags, "--libs": found.libs, "--include-dir": found.includeDir };
  if (!(what in answers)) {
    console.error(`usage: find-libzmq.mjs ${Object.keys(answers).join(" | ")}`);
    process.exit(2);
  }
  console.log(answers[what]);
}
