#!/usr/bin/env bash
# Checks that a prebuilt addon is self-contained (issue 17): its dynamic section needs nothing
# beyond glibc, libstdc++ and libgcc_s, which every machine that runs Node.js has, and it
# exports no symbol but Node-API's entry points, so its built-in libzmq cannot meet another
# libzmq user's (zeromq.js, say) in one process. readelf reads any architecture's ELF, so
# the same check serves an arm64 addon on an x64 machine. Used by scripts/pack-test.sh.
#   bash scripts/check-addon-elf.sh <addon.node>
set -euo pipefail
addon=${1:?usage: check-addon-elf.sh <addon.node>}
failed=0

allowed='^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libstdc\+\+\.so\.6|libgcc_s\.so\.1|ld-linux[a-z0-9_.-]*\.so\.[0-9]+)$'
needed=$(readelf -d "$addon" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
[ -n "$needed" ] || { echo "check-addon-elf: no NEEDED entries read from $addon" >&2; exit 1; }
if extra=$(grep -vE "$allowed" <<<"$needed"); then
  echo "check-addon-elf: $addon needs libraries beyond glibc, libstdc++, libgcc_s:" $extra >&2
  failed=1
fi

# Defined dynamic symbols: readelf --dyn-syms' columns are Num Value Size Type Bind Vis Ndx Name.
exported=$(readelf --dyn-syms -W "$addon" |
  awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" && $5 != "LOCAL" && $8 != "" { sub(/@.*/, "", $8); print $8 }' | sort -u)
if extra=$(grep -vxE 'napi_register_module_v1|node_api_module_get_api_version_v1' <<<"$exported"); then
  echo "check-addon-elf: $addon exports $(wc -l <<<"$extra") symbols beyond Node-API's entry points, e.g." \
    $(head -3 <<<"$extra") >&2
  failed=1
fi
[ "$failed" -eq 0 ] || exit 1
echo "check-addon-elf: $addon needs only" $needed "and exports only" $exported
