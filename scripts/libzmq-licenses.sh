#!/usr/bin/env bash
# The licence notices of what scripts/build-libzmq.sh links into the addon, into
# <prefix>/licenses/: zeromq3's Debian copyright file (from the source it built), the copyright
# file of each static archive's Debian package (one per source package), the full licence
# texts those files point to, and PACKAGES, the exact versions. scripts/prebuild.sh ships them.
#   bash scripts/libzmq-licenses.sh <prefix> <zeromq3 source dir> <archive>...
set -euo pipefail
prefix=$1 src=$2
shift 2
out=$prefix/licenses
rm -rf "$out"
mkdir -p "$out"

cp "$src/debian/copyright" "$out/zeromq3.copyright"
# Compiled in for ws:// and not in Debian's file: libzmq's builtin SHA-1, WIDE Project's
# (BSD-3-Clause), whose notice must travel with the binary.
sed -n '1,/\*\//p' "$src/external/sha1/sha1.c" >"$out/sha1.notice"
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
echo "zeromq3 $version (built from Debian's source package with its patches)" >"$out/PACKAGES"
for archive in "$@"; do
  owner=$(dpkg -S "$archive")
  owner=${owner%%: *}   # libsodium-dev:amd64
  name=${owner%%:*}
  source=$(dpkg-query -W -f='${source:Package}' "$owner")
  cp -L "/usr/share/doc/$name/copyright" "$out/$source.copyright"
  dpkg-query -W -f='${Package} ${Version} (source: ${source:Package} ${source:Version})\n' "$owner" >>"$out/PACKAGES"
done
sort -u -o "$out/PACKAGES" "$out/PACKAGES"

# Debian's copyright files name their licences' full texts by path; ship those texts too.
# LGPL-3 (libzmq's) consists of additions to GPL-3, so GPL-3 comes along with it.
texts=$(grep -ho '/usr/share/common-licenses/[A-Za-z0-9.+-]*[A-Za-z0-9+]' "$out"/*.copyright | sort -u)
grep -q 'LGPL-3$' <<<"$texts" && texts+=$'\n/usr/share/common-licenses/GPL-3'
for text in $texts; do cp -L "$text" "$out/"; done
