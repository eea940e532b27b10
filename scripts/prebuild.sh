#!/usr/bin/env bash
# `npm run prebuild`: the Node-API addon for this platform, stripped, into prebuilds/ (where
# node-gyp-build finds it first), with the shared libraries it needs and their licences
# beside it (scripts/bundle-libs.sh). Built against the running Node's headers, offline.
# `npm run prebuild:arm64` (`prebuild.sh --arch arm64`) cross-compiles the linux-arm64 one
# on x64 with Debian's cross toolchain (scripts/arm64-node.sh says what to install).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-headers.sh

host=$(node -p process.arch)
arch=$host
[ "${1:-}" != --arch ] || arch=${2:?usage: prebuild.sh [--arch arm64]}
platform=$(node -p process.platform)-$arch
export JOBS=${JOBS:-2} # node-gyp's make -j
if [ "$arch" != "$host" ]; then
  [ "$platform" = linux-arm64 ] && [ "$host" = x64 ] ||
    { echo "prebuild: cross-builds linux-arm64 on x64 only, not $platform" >&2; exit 1; }
  source scripts/arm64-node.sh
  arm64_check aarch64-linux-gnu-g++
  export CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ PREBUILD_STRIP_BIN=aarch64-linux-gnu-strip
  # node-gyp rebuild starts by deleting build/: the host's own addon waits aside meanwhile,
  # so that no arm64 object is left where the next host build or test would find it.
  if [ -d build ]; then
    rm -rf build.host && mv build build.host
    trap 'rm -rf build && mv build.host build' EXIT
  fi
fi
rm -rf "prebuilds/$platform"
# node-gyp turns npm_config_* into gyp variables: this one adds the $ORIGIN run path.
# (prebuildify from node_modules/.bin, not npx, which would warn about the unknown key.)
npm_config_zmq_napi_prebuild=true prebuildify --napi --strip --tag-libc --arch "$arch"
if [ "$platform" = linux-x64 ]; then
  bash scripts/bundle-libs.sh "prebuilds/$platform"
else
  echo "prebuild: libraries are bundled on linux-x64 only; this prebuild needs the system's libzmq"
fi
