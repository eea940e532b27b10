#!/usr/bin/env bash
# Runs a command on a machine that has Node.js but no libzmq: in a private mount namespace,
# every file of the libzmq packages and every library libzmq needs beyond Node's own
# (libsodium, libpgm, libnorm, krb5, libbsd...) is covered by an empty file. Nothing changes
# outside the namespace. Root only (unshare). Used by scripts/pack-test.sh.
#   bash scripts/hide-libzmq.sh [--node <node>] <command> [args...]
# libzmq's own files are hidden for every architecture dpkg has (an arm64 libzmq from
# multiarch packages would be found by an arm64 Node.js under qemu); --node names the node
# that proves libzmq gone (for linux-arm64, the arm64 one of scripts/arm64-node.sh).
set -euo pipefail

# Re-run in a mount namespace of our own, passing the namespace we came from: the mounts
# below happen only where the namespace differs from it, never on the machine's own files.
outer=$(readlink /proc/self/ns/mnt)
if [ -z "${ZMQ_NAPI_OUTER_NS:-}" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "hide-libzmq: needs root for a mount namespace" >&2; exit 1; }
  exec env ZMQ_NAPI_OUTER_NS="$outer" unshare --mount --propagation private bash "$0" "$@"
fi
if [ -z "$outer" ] || [ "$outer" = "$ZMQ_NAPI_OUTER_NS" ]; then
  echo "hide-libzmq: not in a mount namespace of its own; refusing to mount" >&2
  exit 1
fi
unset ZMQ_NAPI_OUTER_NS
node=node
[ "${1:-}" != --node ] || { node=$2; shift 2; }
source "$(dirname "$0")/deb-packages.sh"
# (awk reads to the end: leaving early would kill ldconfig with SIGPIPE and fail the pipe.)
libzmq=$(ldconfig -p | awk -v dir="/$(uname -m)-linux-gnu/" \
  '$1 == "libzmq.so.5" && index($NF, dir) && !found {print $NF; found = 1}')
[ -n "$libzmq" ] || { echo "hide-libzmq: no system libzmq to hide" >&2; exit 1; }

keep=$(node_packages)
hidden=$(
  for arch in $(dpkg --print-architecture) $(dpkg --print-foreign-architectures); do
    dpkg -L "libzmq5:$arch" "libzmq3-dev:$arch" 2>/dev/null || true
  done
  shared_libs "$libzmq" | while read -r _ path; do
    grep -qxF "$(dpkg_owner "$path")" <<<"$keep" || echo "$path"
  done
)
empty=$(mktemp -d)
mount -t tmpfs hide-libzmq "$empty"
touch "$empty/file"
for path in $hidden; do
  real=$(readlink -f "$path")
  [ -f "$real" ] && mount --bind "$empty/file" "$real"
done

# The control: the system's libzmq must be gone, or a passing test would prove nothing.
# Loading libzmq as an addon fails either way; only a library that was found and mapped
# gets as far as "did not self-register".
dlopen=$("$node" -e 'process.dlopen({ exports: {} }, "libzmq.so.5")' 2>&1 || true)
if grep -q "did not self-register" <<<"$dlopen"; then
  echo "hide-libzmq: the system's libzmq still loads" >&2
  exit 1
fi
echo "hide-libzmq: hid $(wc -w <<<"$hidden") files of libzmq and the libraries it needs"
exec "$@"
