// `npm run test:builtin`: the tests that mean something only against the prebuilt addon with
// libzmq built in (test/builtin/), run against prebuilds/<platform>/ (npm run prebuild) by
// way of ZMQ_NAPI_PREBUILD (lib/native.ts), unless that already names another .node file.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

function prebuild(): string {
  const dir = join("prebuilds", `${process.platform}-${process.arch}`);
  const found = readdirSync(dir).find((name) => name.endsWith(".node"));
  if (found === undefined) throw new Error(`no .node file in ${dir}: run npm run prebuild`);
  return join(process.cwd(), dir, found);
}

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/builtin/**/*.test.ts"],
    exclude: [],
    env: { ZMQ_NAPI_PREBUILD: process.env.ZMQ_NAPI_PREBUILD ?? prebuild() },
  },
});
