#!/usr/bin/env bash
# `npm run prebuild`: the Node-API addon for this platform, stripped, into prebuilds/ (where
# node-gyp-build finds it first). On Linux it has libzmq built in: scripts/build-libzmq.sh
# builds Debian's libzmq source as a static archive (once; a stamp skips it after), the addon
# links it with every symbol but Node-API's hidden, and the licence notices of what is linked
# in go beside it (licenses/). Built against the running Node's headers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-headers.sh

platform=$(node -p 'process.platform + "-" + process.arch')
rm -rf "prebuilds/$platform"
if [ "$(uname)" != Linux ]; then
  echo "prebuild: libzmq is built in on Linux only; this prebuild needs the system's libzmq"
  prebuildify --napi --strip --tag-libc
  exit 0
fi

start=$SECONDS
prefix=$(bash scripts/build-libzmq.sh "$(node -p process.arch)" | tail -1)
echo "prebuild: libzmq in $prefix ($((SECONDS - start)) s)"
# node-gyp turns npm_config_* into gyp variables (binding.gyp's zmq_napi_libzmq).
# (prebuildify from node_modules/.bin, not npx, which would warn about the unknown key.)
npm_config_zmq_napi_libzmq=$prefix prebuildify --napi --strip --tag-libc
cp -r "$prefix/licenses" "prebuilds/$platform/"
ls "prebuilds/$platform"
