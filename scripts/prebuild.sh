#!/usr/bin/env bash
# `npm run prebuild`: the Node-API addon for this platform, stripped, into prebuilds/ (where
# node-gyp-build finds it first), with the shared libraries it needs and their licences
# beside it (scripts/bundle-libs.sh). Built against the running Node's headers, offline.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-headers.sh

platform=$(node -p 'process.platform + "-" + process.arch')
rm -rf "prebuilds/$platform"
# node-gyp turns npm_config_* into gyp variables: this one adds the $ORIGIN run path.
# (prebuildify from node_modules/.bin, not npx, which would warn about the unknown key.)
npm_config_zmq_napi_prebuild=true prebuildify --napi --strip --tag-libc
if [ "$(uname)" = Linux ]; then
  bash scripts/bundle-libs.sh "prebuilds/$platform"
else
  echo "prebuild: libraries are bundled on Linux only; this prebuild needs the system's libzmq"
fi
