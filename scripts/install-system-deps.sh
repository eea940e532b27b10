#!/usr/bin/env bash
# Installs what building and testing zmq-napi needs from the system's packages, when missing:
# libzmq with its headers and pkg-config, a C++ toolchain, cmake, clang-format, pyzmq (the
# interop tests' independent peer) and valgrind (the leak check); and for the prebuild's
# libzmq built from Debian's source (scripts/build-libzmq.sh), dpkg-dev and the static
# archives of the libraries linked in with it. `--arm64` adds the cross toolchain and those
# archives for arm64 (multiarch), for `scripts/build-libzmq.sh arm64`. Debian/Ubuntu with
# apt-get, as root or with sudo.
#   bash scripts/install-system-deps.sh [--arm64]
set -euo pipefail

# installed PACKAGE: whether dpkg has it installed (PACKAGE may carry an :arch).
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

needed=()
pkg-config --exists libzmq 2>/dev/null || needed+=(libzmq3-dev pkg-config)
command -v g++ >/dev/null || needed+=(g++ make)
command -v cmake >/dev/null || needed+=(cmake)
command -v clang-format >/dev/null || needed+=(clang-format)
/usr/bin/python3 -c "import zmq" 2>/dev/null || needed+=(python3-zmq)
command -v valgrind >/dev/null || needed+=(valgrind)
if command -v dpkg-query >/dev/null; then
  # The static libzmq's build: libsodium (CURVE), OpenPGM, NORM, libbsd (strlcpy) and libmd.
  for pkg in dpkg-dev libsodium-dev libpgm-dev libnorm-dev libbsd-dev libmd-dev; do
    installed "$pkg" || needed+=("$pkg")
  done
  if [ "${1:-}" = --arm64 ]; then
    dpkg --print-foreign-architectures | grep -qx arm64 || {
      echo "Adding the arm64 architecture (dpkg --add-architecture arm64)"
      $sudo dpkg --add-architecture arm64
    }
    installed crossbuild-essential-arm64 || needed+=(crossbuild-essential-arm64)
    # The arm64 prebuild's tests: arm64 programs under qemu-user (scripts/arm64-node.sh).
    installed qemu-user-static || needed+=(qemu-user-static)
    for pkg in libsodium-dev libpgm-dev libnorm-dev libbsd-dev libmd-dev; do
      installed "$pkg:arm64" || needed+=("$pkg:arm64")
    done
  fi
fi
[ ${#needed[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "zmq-napi: please install: ${needed[*]} (macOS: brew install zeromq pkg-config cmake clang-format)" >&2
  exit 1
fi
echo "Installing ${needed[*]}"
# (Waiting for dpkg's lock rather than failing, should another install be running.)
$sudo apt-get update -qq -o DPkg::Lock::Timeout=300
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${needed[@]}" >/dev/null
