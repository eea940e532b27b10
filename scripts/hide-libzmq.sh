#!/usr/bin/env bash
# Runs a command on a machine that has Node.js but no libzmq: in a private mount namespace,
# every file of the libzmq packages and every library libzmq needs beyond Node's own
# (libsodium, libpgm, libnorm, krb5, libbsd...) is covered by an empty file. Nothing changes
# outside the namespace. Root only (unshare). Used by scripts/pack-test.sh.
#   bash scripts/hide-libzmq.sh <command> [args...]
set -euo pipefail

if [ "${ZMQ_NAPI_HIDDEN:-}" != 1 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "hide-libzmq: needs root for a mount namespace" >&2; exit 1; }
  exec env ZMQ_NAPI_HIDDEN=1 unshare --mount --propagation private bash "$0" "$@"
fi

source "$(dirname "$0")/deb-packages.sh"
libzmq=$(ldconfig -p | awk '$1 == "libzmq.so.5" {print $NF; exit}')
[ -n "$libzmq" ] || { echo "hide-libzmq: no system libzmq to hide" >&2; exit 1; }

keep=$(node_packages)
hidden=$(
  dpkg -L libzmq5 libzmq3-dev 2>/dev/null || true
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
if node -e 'process.dlopen({ exports: {} }, "libzmq.so.5")' 2>&1 | grep -q "did not self-register"; then
  echo "hide-libzmq: the system's libzmq still loads" >&2
  exit 1
fi
echo "hide-libzmq: hid $(wc -w <<<"$hidden") files of libzmq and the libraries it needs"
exec "$@"
