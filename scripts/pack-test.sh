#!/usr/bin/env bash
# The tarball test (issues 7, 17): `npm pack`, which must hold the prebuilt addon and its
# licence notices and no shared library; then install the tarball into an empty directory
# as a user would, offline from the npm cache, with no compiler on PATH and the system's
# libzmq hidden (scripts/hide-libzmq.sh); then a typed PUSH/PULL round trip (test/pack/),
# and the installed addon's ELF checked: glibc, libstdc++ and libgcc_s its only needs,
# Node-API's entry points its only exports (scripts/check-addon-elf.sh).
# Needs `npm run prebuild` first and root; fails on any step. Run by `npm run test:pack`.
# `npm run test:pack:arm64` (--arch arm64) is the same test of the linux-arm64 prebuild on
# an x64 machine: the user's node is then an arm64 Node.js under qemu (scripts/arm64-node.sh),
# which runs npm, tsc and the round trip too (tsc there only emits the JavaScript: type-checking
# under qemu takes two minutes, and the types, the same on every platform, are checked by the
# linux-x64 run).
set -euo pipefail
cd "${0%/*}/.."  # (no dirname: the user phase has only node and npm)
platform=$(node -p 'process.platform + "-" + process.arch')
node=$(command -v node)
tsc_flags=""
if [ "${1:-}" = --arch ]; then
  [ "${2:-}" = arm64 ] && [ "$platform" = linux-x64 ] ||
    { echo "pack-test: --arch arm64, on linux-x64, is the one other architecture" >&2; exit 1; }
  source scripts/arm64-node.sh
  node=$(arm64_node)
  platform=linux-arm64
  tsc_flags=--noCheck
  shift 2
fi

if [ "${1:-}" != --as-user ]; then
  compgen -G "prebuilds/$platform/*.node" >/dev/null ||
    { echo "pack-test: no prebuild in prebuilds/$platform: run npm run prebuild" >&2; exit 1; }
  work=$(mktemp -d /tmp/zmq-napi-pack.XXXXXX)
  trap 'rm -rf "$work"' EXIT

  echo "--- npm pack"
  tarball=$work/$(npm pack --silent --pack-destination "$work" | tail -1)
  listing=$(tar tzf "$tarball")
  for wanted in "prebuilds/$platform/zmq-napi.glibc.node" "prebuilds/$platform/licenses/zeromq3.copyright" \
    "prebuilds/$platform/licenses/PACKAGES" dist/index.js dist/index.mjs dist/index.d.ts \
    THIRD-PARTY-NOTICES.md LICENSE prebuilds/*/*.node; do # (every prebuild there is: x64, arm64)
    grep -qxF "package/$wanted" <<<"$listing" || { echo "pack-test: $wanted not packed" >&2; exit 1; }
  done
  # libzmq and what it needs are inside the addon now: a shared library beside it is a mistake.
  if grep -E '\.so(\.[0-9]+)*$' <<<"$listing"; then
    echo "pack-test: the shared libraries above are packed; the prebuild links libzmq in" >&2
    exit 1
  fi
  echo "--- packed: $(wc -l <<<"$listing") files, $(stat -c %s "$tarball") bytes"
  if grep -E '^package/(lib|test|bench|examples|build|docs)/|\.test\.' <<<"$listing"; then
    echo "pack-test: the files above are not for users" >&2
    exit 1
  fi

  # What the user has: node, npm and the shell npm runs scripts with; nothing that compiles.
  mkdir "$work/bin" "$work/app"
  ln -s "$node" "$work/bin/node"
  ln -s "$(command -v npm)" "$(command -v sh)" "$work/bin/"
  cp test/pack/* "$work/app/"
  echo '{ "name": "pack-test-app", "private": true }' >"$work/app/package.json"
  # TypeScript and Node's types as the repository pins them, so they are in the npm cache.
  typescript=typescript@$(node -p 'require("typescript/package.json").version')
  types=@types/node@$(node -p 'require("@types/node/package.json").version')
  # The offline install needs the registry's metadata of every package it resolves, which a
  # new machine's cache lacks (npm ci fetches tarballs only): one online install elsewhere
  # first, as a user's own install would be online.
  echo "--- the npm cache warmed with what the install resolves"
  mkdir "$work/warm"
  echo '{ "name": "pack-test-warm", "private": true }' >"$work/warm/package.json"
  (cd "$work/warm" && npm install --ignore-scripts --no-audit --no-fund "$tarball" "$typescript" "$types")
  bash scripts/hide-libzmq.sh --node "$node" env -i HOME="$HOME" PATH="$work/bin" \
    "$BASH" "$0" --as-user "$work" "$tarball" "$typescript" "$types" "$tsc_flags"
  echo "--- the installed addon needs only glibc, libstdc++, libgcc_s and exports only Node-API's"
  for addon in "$work/app/node_modules/zmq-napi/prebuilds/$platform"/*.node; do
    bash scripts/check-addon-elf.sh "$addon"
  done
  echo "--- pack test passed"
  exit 0
fi

# Below: inside the mount namespace, with PATH holding only node and npm.
work=$2 tarball=$3 typescript=$4 types=$5 tsc_flags=$6
for tool in cc gcc g++ c++ clang make python3 python pkg-config; do
  ! command -v "$tool" >/dev/null || { echo "pack-test: $tool is on PATH" >&2; exit 1; }
done
cd "$work/app"

echo "--- npm install --offline of the tarball (install scripts off, as npm 11 does by default)"
npm install --offline --ignore-scripts --no-audit --no-fund "$tarball" "$typescript" "$types"
loaded=$(node -p 'require("node-gyp-build").resolve("node_modules/zmq-napi")')
[[ $loaded == */prebuilds/$platform/* ]] || { echo "pack-test: loads $loaded" >&2; exit 1; }

if [ -z "$tsc_flags" ]; then echo "--- the types resolve (tsc, strict, nodenext)"; else echo "--- tsc $tsc_flags"; fi
node node_modules/typescript/bin/tsc -p . $tsc_flags

echo "--- PUSH/PULL round trip"
node consumer.mjs

echo "--- the install script, where npm runs it, uses the prebuild and compiles nothing"
(cd node_modules/zmq-napi && npm run install)
[ ! -e node_modules/zmq-napi/build ] || { echo "pack-test: the install script built" >&2; exit 1; }
node consumer.mjs
