# Sourced by scripts/build-libzmq.sh for `arm64` on another machine: CMake's cross-compiling
# setup for Debian's cross toolchain (crossbuild-essential-arm64) and the arm64 multiarch
# -dev packages (scripts/install-system-deps.sh --arm64). Sets cross_options.

# pkg-config reads the arm64 packages' .pc files only (libbsd, libsodium, openpgm).
export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
unset PKG_CONFIG_PATH

cross_options=(
  -DCMAKE_SYSTEM_NAME=Linux
  -DCMAKE_SYSTEM_PROCESSOR=aarch64
  -DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc
  -DCMAKE_CXX_COMPILER=aarch64-linux-gnu-g++
  # Multiarch: libraries and CMake packages (norm's) under /usr/lib/aarch64-linux-gnu.
  -DCMAKE_LIBRARY_ARCHITECTURE=aarch64-linux-gnu
)

# libzmq's CMake asks the running kernel (programs it compiles and runs) about these, and
# skips the questions when cross-compiling, which would leave TCP keepalive tuning,
# SO_PRIORITY, SO_BINDTODEVICE, TIPC, CLOEXEC and thread naming out of the arm64 build.
# Linux answers them alike on every architecture with glibc 2.36: the values of the x64 build.
for feature in SOCK_CLOEXEC O_CLOEXEC EVENTFD_CLOEXEC SO_BINDTODEVICE SO_KEEPALIVE \
  SO_PRIORITY TCP_KEEPCNT TCP_KEEPIDLE TCP_KEEPINTVL TIPC PTHREAD_SETNAME_2 \
  PTHREAD_SET_AFFINITY GETRANDOM; do
  cross_options+=("-DZMQ_HAVE_$feature=1")
done
