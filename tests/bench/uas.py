#!/usr/bin/python3
# uas.py: the benchmarks' UAS in Python, through the typelib
#
#   GI_TYPELIB_PATH=... LD_LIBRARY_PATH=... /usr/bin/python3 uas.py BIND-URI
#
# What "sipctx listen --answer auto" does, written with PyGObject: every
# INVITE is accepted (200 with the default SDP answer) and every MESSAGE
# accepted (200), from handlers of the user agent's signals. It shows what
# the binding costs on top of the C library. SIGTERM or SIGINT stops the
# user agent cleanly and exits 0.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import signal
import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Sip", "1.0")
from gi.repository import GLib, Sip  # noqa: E402


def main():
    if len(sys.argv) != 2:
        print("Usage: uas.py BIND-URI", file=sys.stderr)
        return 2

    loop = GLib.MainLoop()
    ua = Sip.UserAgent(aor="sip:bench@127.0.0.1", bind_uri=sys.argv[1])
    ua.connect("invite", lambda ua, call: call.accept(None))
    ua.connect("message", lambda ua, message: message.accept(None))
    ua.start()

    def stop():
        ua.stop_async(None, lambda ua, result: (ua.stop_finish(result), loop.quit()))
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, stop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, stop)
    print("ready", ua.props.contact_uri, flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
