// The addon a test run against the built-in libzmq loads (vitest.builtin.config.ts,
// vitest.draft.config.ts): the one ZMQ_NAPI_PREBUILD names (a .node file; lib/native.ts), or
// else this platform's prebuild from `npm run prebuild`.
import { readdirSync } from "node:fs";
import { join } from "node:path";

export function prebuiltAddon(): string {
  if (process.env.ZMQ_NAPI_PREBUILD) return process.env.ZMQ_NAPI_PREBUILD;
  const dir = join("prebuilds", `${process.platform}-${process.arch}`);
  const found = readdirSync(dir).find((name) => name.endsWith(".node"));
  if (found === undefined) throw new Error(`no .node file in ${dir}: run npm run prebuild`);
  return join(process.cwd(), dir, found);
}
