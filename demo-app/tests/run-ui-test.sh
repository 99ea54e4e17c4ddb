#!/bin/sh
# run-ui-test.sh PROGRAM [ARGS...]: runs PROGRAM on a display of its own.
#
# Starts Xvfb on a display number it picks itself (-displayfd: the first
# free one), runs PROGRAM in a private D-Bus session (dbus-run-session)
# with the settings a headless GTK 4 needs, and stops Xvfb by its PID,
# whatever happens. Exits with PROGRAM's status; 77 (skipped, with the
# reason) when Xvfb or dbus-run-session is not installed.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -u

for tool in Xvfb:xvfb dbus-run-session:dbus-bin; do
  program=${tool%%:*}
  package=${tool#*:}
  if ! command -v "$program" >/dev/null 2>&1; then
    echo "SKIP: $program is not installed (Debian package $package)"
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-ui-test.XXXXXX") || exit 1
xvfb_pid=

cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset \
  3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!

# Xvfb writes the display number once it accepts clients (bounded wait).
i=0
while [ ! -s "$tmp/display" ]; do
  if ! kill -0 "$xvfb_pid" 2>/dev/null || [ $i -ge 300 ]; then
    echo "Xvfb did not start:"
    cat "$tmp/xvfb.log"
    exit 1
  fi
  i=$((i + 1))
  sleep 0.1
done
display=":$(head -n 1 "$tmp/display")"
echo "# Xvfb (pid $xvfb_pid) on display $display"

# The user's directories, empty and thrown away: no settings, history or
# cache of a real session is read or written. XDG_DATA_DIRS stays: GTK
# needs the MIME database and the icon themes.
mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/state" "$tmp/runtime"
chmod 700 "$tmp/runtime"

HOME=$tmp/home \
XDG_DATA_HOME=$tmp/data \
XDG_CONFIG_HOME=$tmp/config \
XDG_CACHE_HOME=$tmp/cache \
XDG_STATE_HOME=$tmp/state \
XDG_RUNTIME_DIR=$tmp/runtime \
DISPLAY=$display \
GDK_BACKEND=x11 \
GSK_RENDERER=cairo \
GTK_A11Y=none \
NO_AT_BRIDGE=1 \
ADW_DISABLE_PORTAL=1 \
GTK_USE_PORTAL=0 \
XDG_SESSION_TYPE=x11 \
  dbus-run-session -- "$@"
