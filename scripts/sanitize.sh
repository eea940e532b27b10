#!/usr/bin/env bash
# npm run test:asan [test files…]: builds the addon with AddressSanitizer and
# UndefinedBehaviorSanitizer (binding.gyp's `sanitize` variable), runs test files under it,
# and rebuilds the ordinary addon afterwards, pass or fail.
#   node is not built with ASan, so libasan is preloaded into it (it must come first);
#   detect_leaks=0: V8 and Node keep memory until exit by design (leaks: npm run test:leak);
#   halt_on_error: the first report fails the run. Child processes inherit all of this.
#   allocator_may_return_null: libzmq mallocs the size a peer announces and drops the peer
#   when malloc fails; ASan would otherwise abort on a hostile size (hostile-input test).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-headers.sh
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(test/message.test.ts test/multipart.test.ts test/router-dealer.test.ts test/security.test.ts
    test/monitor.test.ts test/poll.test.ts test/faults.test.ts test/hostile-input.test.ts
    test/buffer-ownership.test.ts test/inproc-pending.test.ts test/proxy-lifecycle.test.ts
    test/subscriptions.test.ts test/authenticator.test.ts test/low-latency.test.ts
    test/read-ahead.test.ts test/endpoints.test.ts test/context.test.ts)
fi
restore() { npx node-gyp rebuild >/tmp/zmq-napi-rebuild.log 2>&1 || cat /tmp/zmq-napi-rebuild.log; }
trap restore EXIT
# dist/ first: building it loads the addon (scripts/constants.mjs), which must not be the
# sanitized one while libasan is not preloaded.
npm run build:ts >/dev/null
npx node-gyp rebuild -- -Dsanitize=1 >/tmp/zmq-napi-asan-build.log 2>&1 || { cat /tmp/zmq-napi-asan-build.log; exit 1; }
LD_PRELOAD="$(gcc -print-file-name=libasan.so)" \
  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  npx vitest run "${files[@]}"
