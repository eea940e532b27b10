#!/usr/bin/env node
// The flags that link a static libzmq built by scripts/build-libzmq.sh into the addon, read
// from the files that script leaves in its prefix; for binding.gyp and CMakeLists.txt when a
// prebuild asks for it (npm_config_zmq_napi_libzmq=<prefix>, -DZMQ_NAPI_LIBZMQ=<prefix>).
//   node scripts/static-libzmq.mjs --cflags | --libs <prefix>
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [what, prefix] = process.argv.slice(2);
const files = { "--cflags": "cflags.txt", "--libs": "libs.txt" };
if (!(what in files) || !prefix) {
  console.error("usage: static-libzmq.mjs --cflags | --libs <prefix>");
  process.exit(2);
}
const file = join(prefix, files[what]);
if (!existsSync(file)) {
  console.error(`zmq-napi: ${file} is missing: build libzmq first (bash scripts/build-libzmq.sh)`);
  process.exit(1);
}
console.log(readFileSync(file, "utf8").trim());
