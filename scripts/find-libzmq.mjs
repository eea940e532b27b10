#!/usr/bin/env node
// Finds libzmq through pkg-config for both builds (binding.gyp and CMakeLists.txt).
// When it is missing the build stops with one line that says what to install.
//   node scripts/find-libzmq.mjs --cflags | --libs | --include-dir | --defines
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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

const DRAFT_DEFINE = "ZMQ_BUILD_DRAFT_API=1";

/**
 * Whether the libzmq found has the draft API. Its autotools build says so in libzmq.pc's
 * Cflags; its CMake build (ENABLE_DRAFTS) does not, so the library itself is asked: a
 * draft function's name among its symbols. zmq.h declares the draft API only under the
 * define, and a library without it lacks the functions, so the two must agree.
 */
function hasDraftApi(cflags, libDir) {
  if (cflags.includes("-DZMQ_BUILD_DRAFT_API")) return true;
  for (const name of ["libzmq.so", "libzmq.dylib", "libzmq.a"]) {
    const file = join(libDir ?? "", name);
    if (libDir && existsSync(file)) return readFileSync(file).includes("zmq_msg_set_routing_id\0");
  }
  return false;
}

/** The libzmq build flags, or a thrown Error whose message says what to install. */
export function findLibzmq() {
  const includeDir = pkgConfig("--variable=includedir");
  const header = includeDir === null ? "" : join(includeDir, "zmq.h");
  if (!header || !existsSync(header)) throw new Error(MISSING);
  const cflags = pkgConfig("--cflags") ?? "";
  const draft = hasDraftApi(cflags, pkgConfig("--variable=libdir"));
  const needsDefine = draft && !cflags.includes("-DZMQ_BUILD_DRAFT_API");
  return {
    header,
    includeDir,
    cflags: needsDefine ? `${cflags} -D${DRAFT_DEFINE}`.trim() : cflags,
    // For CMake, which takes libzmq.pc's flags itself: what it must add.
    defines: needsDefine ? DRAFT_DEFINE : "",
    draft,
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
  const answers = {
    "--cflags": found.cflags,
    "--libs": found.libs,
    "--include-dir": found.includeDir,
    "--defines": found.defines,
  };
  if (!(what in answers)) {
    console.error(`usage: find-libzmq.mjs ${Object.keys(answers).join(" | ")}`);
    process.exit(2);
  }
  console.log(answers[what]);
}
