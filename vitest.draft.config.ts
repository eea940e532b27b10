// `npm run test:draft`: the draft API's socket patterns, options and versioned monitor, run
// against an addon whose libzmq has the draft API. ZMQ_NAPI_PREBUILD names it (a .node
// file, or a folder as node-gyp-build takes it); lib/native.ts loads it.
import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({
  ...base,
  test: { ...base.test, include: ["test/draft/**/*.test.ts"], exclude: configDefaults.exclude },
});
