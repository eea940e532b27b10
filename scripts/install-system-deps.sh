#!/usr/bin/env bash
# Installs what building and testing zmq-napi needs from the system's packages, when missing:
# libzmq with its headers and pkg-config, a C++ toolchain, cmake, clang-format, pyzmq (the
# interop tests' independent peer) and valgrind (the leak check). Debian/Ubuntu with
# apt-get, as root or with sudo.
set -euo pipefail

needed=()
pkg-config --exists libzmq 2>/dev/null || needed+=(libzmq3-dev pkg-config)
command -v g++ >/dev/null || needed+=(g++ make)
command -v cmake >/dev/null || needed+=(cmake)
command -v clang-format >/dev/null || needed+=(clang-format)
/usr/bin/python3 -c "import zmq" 2>/dev/null || needed+=(python3-zmq)
command -v valgrind >/dev/null || needed+=(valgrind)
[ ${#needed[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "zmq-napi: please install: ${needed[*]} (macOS: brew install zeromq pkg-config cmake clang-format)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${needed[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
