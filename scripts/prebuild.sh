#!/usr/bin/env bash
# `npm run prebuild`: the Node-API addon for this platform, stripped, into prebuilds/ (where
# node-gyp-build finds it first). On Linux it has libzmq built in: scripts/build-libzmq.sh
# builds Debian's libzmq source as a static archive (once; a stamp skips it after), the addon
# links it with every symbol but Node-API's hidden, and the licence notices of what is linked
# in go beside it (licenses/). Built against the running Node's headers.
# `npm run prebuild:arm64` (`prebuild.sh --arch arm64`) cross-compiles both, libzmq and the
# addon, for linux-arm64 on x64 with Debian's cross toolchain (install-system-deps.sh --arm64).
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
  # and no arm64 object is left where the next host build or test would find it.
  rm -rf build.host
  [ ! -d build ] || mv build build.host
  trap 'rm -rf build; [ ! -d build.host ] || mv build.host build' EXIT
fi
rm -rf "prebuilds/$platform"
if [ "$(uname)" != Linux ]; then
  echo "prebuild: libzmq is built in on Linux only; this prebuild needs the system's libzmq"
  prebuildify --napi --strip --tag-libc
  exit 0
fi

start=$SECONDS
prefix=$(bash scripts/build-libzmq.sh "$arch" | tail -1)
echo "prebuild: libzmq in $prefix ($((SECONDS - start)) s)"
# node-gyp turns npm_config_* into gyp variables (binding.gyp's zmq_napi_libzmq).
# (prebuildify from node_modules/.bin, not npx, which would warn about the unknown key.)
npm_config_zmq_napi_libzmq=$prefix prebuildify --napi --strip --tag-libc --arch "$arch"
cp -r "$prefix/licenses" "prebuilds/$platform/"
ls "prebuilds/$platform"
