#!/usr/bin/env bash
# npm run test:leak: runs test/leak/workload.mts under valgrind memcheck and fails on a
# definite leak or any invalid access. Node's own noise is in test/leak/node.supp.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  --suppressions=test/leak/node.supp --error-exitcode=97 \
  node --import tsx test/leak/workload.mts >"$log" 2>&1 || status=$?
grep -E "workload done|definitely lost|Invalid (read|write)|ERROR SUMMARY" "$log" || true
if [ "$status" -ne 0 ] || ! grep -q "workload done" "$log"; then
  cat "$log" | tail -80
  echo "leak check failed (status $status)"
  exit 1
fi
echo "leak check passed"
