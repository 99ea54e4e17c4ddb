#!/bin/sh
# pkg-check.sh: build pkg-check.vala with plain `valac --pkg sipctx-1`
# against the uninstalled tree, then run it.
#
#   pkg-check.sh VALAC BUILD_ROOT SOURCE
#
# valac finds sipctx-1.vapi and sipctx-1.deps with --vapidir, and the C
# flags through pkg-config, which prefers sipctx-1-uninstalled.pc from
# meson-uninstalled/.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu

valac=$1
build_root=$2
source=$3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sipctx-pkg-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$build_root/libsipctx/sipctx-1.deps" ]; then
    echo "no sipctx-1.deps beside the vapi in $build_root/libsipctx" >&2
    exit 1
fi

PKG_CONFIG_PATH="$build_root/meson-uninstalled${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    "$valac" --vapidir="$build_root/libsipctx" --pkg sipctx-1 \
             --directory="$tmp" -o "$tmp/pkg-check" "$source"

output=$(LD_LIBRARY_PATH="$build_root/libsipctx" "$tmp/pkg-check")
echo "$output"
case "$output" in
    "bound sip:127.0.0.1:"*) ;;
    *) echo "unexpected output from pkg-check" >&2; exit 1 ;;
esac
