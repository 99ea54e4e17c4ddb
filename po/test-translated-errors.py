#!/usr/bin/python3
# test-translated-errors.py: the library's GError messages reach a German
# user in German, through the typelib, from the .mo files built in the tree.
#
# Run by meson (po/meson.build) with LC_ALL=C.UTF-8, LANGUAGE=de, the
# typelib and library of the build tree, and SIPCTX_LOCALEDIR, the build
# directory's po/ (where de/LC_MESSAGES/libsipctx.mo is made).
#
# The library binds its domain to the installation's locale directory on
# its first message; the test lets that happen, then points the domain at
# the build tree, as an installed libsipctx would find its own .mo files.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import locale
import os
import sys

import gi

gi.require_version('Sip', '1.0')
from gi.repository import GLib, Sip  # noqa: E402

DOMAIN = 'libsipctx'
results = []


def check(label, got, want):
    ok = got == want
    results.append(ok)
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(results), label))
    if not ok:
        print('#   expected: %r\n#   got:      %r' % (want, got))


def message_of(fn, *args):
    try:
        fn(*args)
    except GLib.Error as e:
        return e.message
    return None


def stop(ua):
    loop = GLib.MainLoop()
    done = []

    def on_stopped(source, result, *user_data):
        done.append(source.stop_finish(result))
        loop.quit()

    def on_timeout():
        loop.quit()
        return GLib.SOURCE_REMOVE

    ua.stop_async(None, on_stopped)
    timeout = GLib.timeout_add_seconds(10, on_timeout)
    loop.run()
    if done:
        GLib.source_remove(timeout)
    return bool(done)


def main():
    localedir = os.environ['SIPCTX_LOCALEDIR']
    mo = os.path.join(localedir, 'de', 'LC_MESSAGES', DOMAIN + '.mo')
    if not os.path.exists(mo):
        print('Bail out! %s was not built' % mo)
        return 1

    locale.setlocale(locale.LC_ALL, '')
    # The library's first message binds its domain (sip_gettext()) ...
    message_of(Sip.NameAddr.new, None, '')
    # ... then the build tree takes the place of the installed files.
    locale.bindtextdomain(DOMAIN, localedir)

    check('a plain message', message_of(Sip.NameAddr.new, None, ''), 'Leere URI')
    check('a message with an argument',
          message_of(Sip.NameAddr.new, None, 'not a uri'),
          'Fehlerhafte URI „not a uri“: Sie enthält ein Leerzeichen, einen '
          'Zeilenumbruch, ein Anführungszeichen oder eine spitze Klammer')

    ua = Sip.UserAgent(aor='sip:alice@127.0.0.1', bind_uri='sip:127.0.0.1:0')
    try:
        ua.start()
    except GLib.Error as e:
        print('Bail out! cannot start a user agent on 127.0.0.1: %s' % e.message)
        return 1
    try:
        check('a second start', message_of(ua.start), 'Der User-Agent läuft bereits')
        # The header name goes through C_("checked item", ...) and the
        # German message puts its arguments in the other order.
        options = Sip.RequestOptions(extra_headers=['Bad Name: 1'])
        check('a message built from a translated piece',
              message_of(ua.message, 'sip:bob@127.0.0.1', 'Hallo', None, options),
              'Ungültiges Zeichen in „Bad Name“ (Kopfzeilenname)')
    finally:
        stopped = stop(ua)
    check('the user agent stopped', stopped, True)

    failed = results.count(False)
    print('1..%d' % len(results))
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
