#!/usr/bin/env bash
# npm run test:arm64 [vitest arguments…]: a slice of the suite against the linux-arm64 prebuild
# (npm run prebuild:arm64), run by vitest on an arm64 Node.js under qemu (scripts/arm64-node.sh).
# vitest's own native parts must suit that process: rollup's parser is an addon loaded into
# it, so its arm64 build comes from the npm registry into the cache, found through NODE_PATH;
# esbuild is a program vitest talks to over a pipe, so the x64 one serves as it is. Test files
# run in worker threads, not forks: a fork would exec the arm64 binary itself, which only
# binfmt_misc could run. The default slice: the classic patterns, messages and multipart,
# has() against what really binds (the cross build of libzmq cannot probe its target, so its
# features are worth checking there), ws:// with jszmq, and three of the draft API's patterns.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/arm64-node.sh
compgen -G "prebuilds/linux-arm64/*.node" >/dev/null ||
  { echo "qemu-tests: no prebuild in prebuilds/linux-arm64: run npm run prebuild:arm64" >&2; exit 1; }
node=$(arm64_node)
rollup=$(node -p 'require("rollup/package.json").version')
modules="$ARM64_CACHE/rollup-$rollup/node_modules"
arm64_fetch "@rollup/rollup-linux-arm64-gnu@$rollup" "$modules/@rollup/rollup-linux-arm64-gnu"
esbuild=$(node -p 'require.resolve("@esbuild/linux-x64/bin/esbuild", { paths: [require.resolve("esbuild")] })')
# PREBUILDS_ONLY: node-gyp-build would take the host's build/Release first.
run() {
  PREBUILDS_ONLY=1 NODE_PATH=$modules ESBUILD_BINARY_PATH=$esbuild \
    "$node" node_modules/vitest/vitest.mjs run --pool=threads "$@"
}
if [ $# -gt 0 ]; then
  run "$@"
  exit
fi
run test/push-pull.test.ts test/req-rep.test.ts test/pub-sub.test.ts test/message.test.ts \
  test/multipart.test.ts test/capabilities.test.ts test/websocket.test.ts
# The draft API, which the prebuild's libzmq has: its own vitest config (test/draft/).
run --config vitest.draft.config.ts test/draft/server-client.test.ts test/draft/radio-dish.test.ts \
  test/draft/peer.test.ts
