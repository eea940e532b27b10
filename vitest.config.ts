import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The compat entry first: "zmq-napi" alone would also take "zmq-napi/compat".
    alias: [
      { find: "zmq-napi/compat", replacement: fileURLToPath(new URL("./lib/compat/index.ts", import.meta.url)) },
      { find: "zmq-napi", replacement: fileURLToPath(new URL("./lib/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // test/builtin/ is for the prebuilt addon only (npm run test:builtin), test/draft/ for a
    // libzmq with the draft API (npm run test:draft): each has a vitest config of its own.
    exclude: [...configDefaults.exclude, "test/builtin/**", "test/draft/**"],
    // Sockets and child processes: every file in a fresh fork, a few at a time.
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
