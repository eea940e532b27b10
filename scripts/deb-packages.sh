# Sourced by hide-libzmq.sh: which Debian package a library comes from, and which packages
# every machine that runs Node.js has (those of Node's own libraries: glibc, libstdc++,
# libgcc).

# dpkg_owner FILE: the package that installed FILE. dpkg records a library under /lib or
# /usr/lib depending on the package (merged /usr), so both are tried.
dpkg_owner() {
  local real owner
  real=$(readlink -f "$1")
  owner=$(dpkg -S "$real" 2>/dev/null || dpkg -S "/usr$real" 2>/dev/null || dpkg -S "${real#/usr}")
  echo "${owner%%:*}"
}

# shared_libs FILE...: "soname path" for every library in the dependency tree of FILEs.
shared_libs() {
  ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' | sort -u
}

# node_packages: the packages of the libraries Node.js itself links against, one a line.
node_packages() {
  local soname path
  shared_libs "$(command -v node)" | while read -r soname path; do dpkg_owner "$path"; done | sort -u
}
