#!/usr/bin/env bash
# Sets up a fresh machine and runs the Guide's first example: hwserver and hwclient
# exchange ten Hello/World requests over tcp://localhost:5555.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
source scripts/node-headers.sh
npm install --no-audit --no-fund
node scripts/example.mjs hwserver &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
node scripts/example.mjs hwclient
