#!/usr/bin/env bash
# libzmq's source as Debian 12 ships it (source package zeromq3), for scripts/build-libzmq.sh:
# fetched with `apt-get source` at build time, so the repository carries no third-party
# source. The .dsc is checked against the checksum pinned in scripts/libzmq-source.sha256
# before anything is unpacked; dpkg-source then checks the tarballs against the .dsc and
# applies Debian's patches. Root (apt), on Debian 12. Last line of stdout: the source dir.
#   bash scripts/libzmq-source.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pin=$PWD/scripts/libzmq-source.sha256
dsc=$(awk '{ print $2 }' "$pin")            # zeromq3_4.3.4-6.dsc
version=${dsc#zeromq3_} version=${version%.dsc}
dest=$PWD/deps/libzmq-src
src=$dest/zeromq3-${version%-*}
stamp=$src/.zmq-napi-dsc.sha256

# Already unpacked from the pinned .dsc: nothing to fetch.
if [ -f "$stamp" ] && cmp -s "$stamp" "$pin"; then
  echo "$src"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "libzmq-source: needs root (apt-get)" >&2; exit 1; }
. /etc/os-release
suite=${VERSION_CODENAME:?libzmq-source: no VERSION_CODENAME in /etc/os-release}

# Whether apt has a deb-src entry for this suite, in one-line or deb822 form.
has_deb_src() {
  grep -hsE "^[[:space:]]*deb-src[[:space:]].*[[:space:]]$suite([[:space:]]|$)" \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list && return 0
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    # One deb822 stanza per paragraph: deb-src among its Types and the suite among its Suites.
    awk -v suite="$suite" '
      BEGIN { RS = ""; FS = "\n"; found = 1 }
      {
        src = 0; has = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/ && $i ~ /[[:space:]]deb-src([[:space:]]|$)/) src = 1
          if ($i ~ /^Suites:/ && $i ~ ("[[:space:]]" suite "([[:space:]]|$)")) has = 1
        }
        if (src && has) found = 0
      }
      END { exit found }' "$file" && return 0
  done
  return 1
}

if ! has_deb_src; then
  echo "libzmq-source: adding a deb-src entry for $suite (/etc/apt/sources.list.d/zmq-napi-src.sources)" >&2
  cat >/etc/apt/sources.list.d/zmq-napi-src.sources <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi
# apt's lists learn of source packages only from an update after the entry exists.
if [ -z "$(apt-cache showsrc "zeromq3=$version" 2>/dev/null)" ]; then
  apt-get update -qq >&2
fi
command -v dpkg-source >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev >&2

rm -rf "$dest/download"
mkdir -p "$dest/download"
# apt downloads as its own user when it can write there (else it warns and does it as root).
! id _apt >/dev/null 2>&1 || chown _apt "$dest/download"
cd "$dest/download"
apt-get source --download-only -qq "zeromq3=$version" >&2
sha256sum --check --quiet "$pin" >&2 || {
  echo "libzmq-source: $dsc does not match the checksum pinned in scripts/libzmq-source.sha256" >&2
  exit 1
}
rm -rf "$src"
dpkg-source --extract "$dsc" "$src" >&2
cp "$pin" "$stamp"
echo "$src"
