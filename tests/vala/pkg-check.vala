/* pkg-check.vala: the smallest program built the way an application
 * outside meson builds against libsipctx: `valac --pkg sipctx-1`.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * It uses GLib.Cancellable and an async method, so it only compiles if
 * sipctx-1.deps brings in gio-2.0. It prints the address it bound and
 * exits 0 once the user agent has stopped.
 */

int main () {
    var loop = new MainLoop ();
    var ua = new Sip.UserAgent ("sip:check@127.0.0.1") { bind_uri = "sip:127.0.0.1:0" };
    int status = 1;

    try {
        ua.start ();
    } catch (Error e) {
        printerr ("start: %s\n", e.message);
        return 1;
    }
    print ("bound %s\n", ua.contact_uri);

    ua.stop_async.begin (new Cancellable (), (o, res) => {
        try {
            status = ua.stop_async.end (res) && !ua.running ? 0 : 1;
        } catch (Error e) {
            printerr ("stop: %s\n", e.message);
        }
        loop.quit ();
    });
    loop.run ();
    return status;
}
