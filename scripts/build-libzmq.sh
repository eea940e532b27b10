#!/usr/bin/env bash
# libzmq 4.3.4 (Debian's zeromq3 source, scripts/libzmq-source.sh) built with CMake as a
# static, position-independent archive for the prebuilt addon to link in (issue 17), for
# linux-x64 natively or linux-arm64 with Debian's cross toolchain. Installs into
# deps/libzmq/linux-<arch>/ (not under build/, which node-gyp rebuild deletes): include/,
# lib/libzmq.a with the static archives of the libraries it needs (copied from Debian's -dev
# packages), licenses/, and the addon's flags in cflags.txt and libs.txt. Skipped when its
# stamp says it was built from the same .dsc, options and archives. Needs the packages of
# scripts/install-system-deps.sh (--arm64 for arm64). Last line of stdout: the prefix.
#   bash scripts/build-libzmq.sh [x64|arm64]
set -euo pipefail
cd "$(dirname "$0")/.."
case $(uname -m) in x86_64) host=x64 ;; aarch64) host=arm64 ;; *) host=$(uname -m) ;; esac
arch=${1:-$host}
case $arch in
  x64) triplet=x86_64-linux-gnu ;;
  arm64) triplet=aarch64-linux-gnu ;;
  *) echo "usage: build-libzmq.sh [x64|arm64]" >&2; exit 2 ;;
esac
prefix=$PWD/deps/libzmq/linux-$arch
work=$PWD/deps/libzmq-build/linux-$arch
libdir=/usr/lib/$triplet

# The features, and why:
# - drafts on: the draft sockets and options (issue 17), and ZMQ_USE_RADIX_TREE for SUB's
#   subscriptions, where a 16 MiB SUBSCRIBE then close does not crash as Debian's build does.
# - ws:// on; wss:// off: GnuTLS links against p11-kit, which Debian ships only as a shared
#   library (no libp11-kit.a), so GnuTLS cannot be linked in whole.
# - CURVE with libsodium, not libzmq's bundled tweetnacl: libsodium is maintained and audited,
#   constant-time by design, gets Debian's security fixes, and is what Debian's own libzmq
#   (and so this project's system-libzmq build) uses; libzmq's tweetnacl.c is a copy that
#   nobody maintains, written to be short rather than fast. Measured on this machine (-O2,
#   x64): a handshake's key agreement 0.1 ms with libsodium against 1.7-3.4 ms with
#   tweetnacl, a 1 KiB message's box 2.4-3.3 us against 65-93 us.
# - pgm/epgm (OpenPGM) and NORM on: Debian's libpgm.a and libnorm.a (+ libprotokit.a) are
#   position-independent, as are its libsodium.a, libbsd.a and libmd.a: none has an absolute
#   R_X86_64_32* relocation, and libzmq.a, libpgm.a, libnorm.a, libprotokit.a and libmd.a
#   each link whole into a shared object for x64 and arm64. One catch: x64's libsodium.a is
#   PIE code, which refers to a few of its own global symbols directly, so it links into a
#   shared object only with those symbols hidden, as the addon's version script does
#   (scripts/addon-exports.map); arm64's links whole as it is.
# - strlcpy from libbsd (libbsd.a, which needs libmd.a), as Debian's libzmq does.
# - GSSAPI: libzmq's CMake build has none (Debian ships no static krb5 either).
options=(
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_INSTALL_PREFIX="$prefix"
  -DCMAKE_INSTALL_LIBDIR=lib
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  -DBUILD_SHARED=OFF -DBUILD_STATIC=ON
  -DBUILD_TESTS=OFF -DWITH_PERF_TOOL=OFF -DWITH_DOCS=OFF -DENABLE_CPACK=OFF
  -DENABLE_DRAFTS=ON -DENABLE_RADIX_TREE=ON
  -DENABLE_WS=ON -DWITH_TLS=OFF -DWITH_NSS=OFF
  -DENABLE_CURVE=ON -DWITH_LIBSODIUM=ON -DWITH_LIBSODIUM_STATIC=ON
  -DWITH_OPENPGM=ON -DOPENPGM_PKGCONFIG_NAME=openpgm-5.3
  -DWITH_NORM=ON
  -DWITH_LIBBSD=ON
)
deps=(libnorm.a libprotokit.a libpgm.a libsodium.a libbsd.a libmd.a)

if [ "$arch" != "$host" ]; then
  [ "$arch" = arm64 ] || { echo "build-libzmq: cross-compiling is for arm64 only, not $arch" >&2; exit 2; }
  source scripts/libzmq-cross-arm64.sh
  options+=("${cross_options[@]}")
fi
for dep in "${deps[@]}"; do
  [ -f "$libdir/$dep" ] || { echo "build-libzmq: $libdir/$dep missing (scripts/install-system-deps.sh)" >&2; exit 1; }
done

# What a build depends on: the pinned source, the options and the archives linked with it.
stamp=$( (cat scripts/libzmq-source.sha256; printf '%s\n' "${options[@]}"; cd "$libdir" && sha256sum "${deps[@]}") | sha256sum)
if [ -f "$prefix/stamp" ] && [ "$(cat "$prefix/stamp")" = "$stamp" ]; then
  echo "build-libzmq: $prefix is up to date" >&2
  echo "$prefix"
  exit 0
fi
src=$(bash scripts/libzmq-source.sh | tail -1)

start=$SECONDS
rm -rf "$work" "$prefix"
mkdir -p "$work"
cmake -S "$src" -B "$work" "${options[@]}" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; exit 1; }
cmake --build "$work" -j2 >"$work/build.log" 2>&1 || { tail -50 "$work/build.log" >&2; exit 1; }
cmake --install "$work" >/dev/null

for dep in "${deps[@]}"; do cp "$libdir/$dep" "$prefix/lib/"; done
# The addon's flags (binding.gyp through scripts/static-libzmq.mjs): the draft API is declared
# by a define, which CMake's libzmq.pc leaves out.
echo "-I$prefix/include -DZMQ_BUILD_DRAFT_API=1" >"$prefix/cflags.txt"
echo "$prefix/lib/libzmq.a ${deps[*]/#/$prefix/lib/} -lpthread -lrt" >"$prefix/libs.txt"
bash scripts/libzmq-licenses.sh "$prefix" "$src" "${deps[@]/#/$libdir/}"
echo "$stamp" >"$prefix/stamp"
echo "build-libzmq: linux-$arch built in $((SECONDS - start)) s" >&2
echo "$prefix"
