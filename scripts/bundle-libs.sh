#!/usr/bin/env bash
# Copies the shared libraries a prebuilt addon needs beside it, with their licences, so the
# prebuild loads on a machine without libzmq (issue 7). The addon finds them through its
# RPATH of $ORIGIN (binding.gyp); RPATH, unlike RUNPATH, is also searched for the
# dependencies of those libraries, so libzmq finds its libsodium, krb5... here as well.
#
# Bundled: every library in the addon's dependency tree except those of the packages Node.js
# itself needs (glibc, libstdc++, libgcc). A static libzmq is not an option on Debian: its
# libzmq.a needs libgssapi_krb5, of which Debian ships no static archive.
#   bash scripts/bundle-libs.sh prebuilds/linux-x64
set -euo pipefail

dir=${1:?usage: bundle-libs.sh <prebuild directory>}
command -v dpkg >/dev/null || {
  echo "bundle-libs: needs dpkg to find each library's licence (build prebuilds on Debian)" >&2
  exit 1
}
source "$(dirname "$0")/deb-packages.sh"

shopt -s nullglob
addons=("$dir"/*.node)
[ ${#addons[@]} -gt 0 ] || { echo "bundle-libs: no .node file in $dir" >&2; exit 1; }
rm -rf "$dir/licenses" "$dir"/*.so.*
mkdir "$dir/licenses"
keep=$(node_packages)

shared_libs "${addons[@]}" | while read -r soname path; do
  pkg=$(dpkg_owner "$path")
  grep -qxF "$pkg" <<<"$keep" && continue
  cp -L "$path" "$dir/$soname"
  chmod 644 "$dir/$soname"
  # One copyright file per source package: krb5's four libraries share one.
  cp "/usr/share/doc/$pkg/copyright" "$dir/licenses/$(dpkg-query -W -f='${source:Package}' "$pkg").copyright"
  dpkg-query -W -f='${Package} ${Version} (source: ${source:Package} ${source:Version})\n' "$pkg" \
    >>"$dir/licenses/PACKAGES"
done
sort -o "$dir/licenses/PACKAGES" "$dir/licenses/PACKAGES"

# Debian's copyright files name their licences' full texts by path; ship those texts too.
# LGPL-3 (libzmq's) consists of additions to GPL-3, so GPL-3 comes along with it.
texts=$(grep -ho '/usr/share/common-licenses/[A-Za-z0-9.+-]*[A-Za-z0-9+]' "$dir"/licenses/*.copyright | sort -u)
grep -q 'LGPL-3$' <<<"$texts" && texts+=$'\n/usr/share/common-licenses/GPL-3'
for text in $texts; do cp -L "$text" "$dir/licenses/"; done

# Now every library outside Node's own packages must resolve from the prebuild directory.
here=$(cd "$dir" && pwd)
shared_libs "${addons[@]}" | while read -r soname path; do
  [[ $path == "$here/"* ]] || grep -qxF "$(dpkg_owner "$path")" <<<"$keep" || {
    echo "bundle-libs: $soname resolves to $path, not to $dir" >&2
    exit 1
  }
done
ls "$dir"
