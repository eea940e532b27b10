import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "zmq-napi": fileURLToPath(new URL("./lib/index.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Sockets and child processes: every file in a fresh fork, a few at a time.
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
