// `npm run test:draft`: the draft API's socket patterns, options and versioned monitor, run
// against an addon whose libzmq has the draft API: the prebuilt one, or the one
// ZMQ_NAPI_PREBUILD names (test/support/prebuilt-addon.ts).
import { configDefaults, defineConfig } from "vitest/config";
import { prebuiltAddon } from "./test/support/prebuilt-addon";
import base from "./vitest.config";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/draft/**/*.test.ts"],
    exclude: configDefaults.exclude,
    env: { ZMQ_NAPI_PREBUILD: prebuiltAddon() },
  },
});
