// `npm run test:builtin`: the tests that mean something only against the prebuilt addon with
// libzmq built in (test/builtin/).
import { defineConfig } from "vitest/config";
import { prebuiltAddon } from "./test/support/prebuilt-addon";
import base from "./vitest.config";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/builtin/**/*.test.ts"],
    exclude: [],
    env: { ZMQ_NAPI_PREBUILD: prebuiltAddon() },
  },
});
