/* message-and-call.vala: two user agents in one process, on 127.0.0.1.
 *
 * Bob accepts whatever arrives. Alice sends him a MESSAGE, then calls him
 * and hangs up as soon as the call is established. The program exits 0
 * if all of that happened, 1 otherwise.
 *
 * Build and run:
 *   valac --pkg sipctx-1 message-and-call.vala
 *   ./message-and-call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

class Example : Object {
    MainLoop loop = new MainLoop ();
    Sip.UserAgent alice;
    Sip.UserAgent bob;
    string bob_uri;
    bool refused = false;
    bool delivered = false;
    Sip.Cause call_cause = Sip.Cause.NONE;

    public Example () {
        /* Properties can be set in an object initializer. Port 0: any
         * free port. */
        alice = new Sip.UserAgent ("sip:alice@127.0.0.1") { bind_uri = "sip:127.0.0.1:0" };
        bob = new Sip.UserAgent ("sip:bob@127.0.0.1") { bind_uri = "sip:127.0.0.1:0" };

        /* Bob's side: answer every MESSAGE and every call. The signals
         * are message_received and invite_received in Vala, beside the
         * message() and invite() methods. */
        bob.message_received.connect ((ua, ctx) => {
            print ("bob: message from %s: %s\n", ctx.remote_identity.get_uri (), ctx.text);
            try {
                ctx.accept (null);
            } catch (Error e) {
                printerr ("bob: accept: %s\n", e.message);
            }
        });
        bob.invite_received.connect ((ua, call) => {
            print ("bob: call from %s\n", call.remote_identity.get_uri ());
            try {
                call.progress (new Sip.ReplyOptions (180));
                call.accept (null);
            } catch (Error e) {
                printerr ("bob: answer: %s\n", e.message);
            }
        });
    }

    bool check_malformed_target () {
        /* Runtime failures are Sip.Error, caught by code. */
        try {
            alice.message ("not a uri", "Hello", null, null);
        } catch (Sip.Error.INVALID_ARGUMENT e) {
            print ("alice: refused: %s\n", e.message);
            return true;
        } catch (Error e) {
            printerr ("alice: unexpected error: %s\n", e.message);
        }
        return false;
    }

    void send_message () throws Error {
        var ctx = alice.message (bob_uri, "Hello, Bob", "text/plain", null);
        ctx.accepted.connect ((c, status_code, response) => {
            print ("alice: delivered (%u %s)\n", status_code, response.reason_phrase);
            delivered = true;
        });
        ctx.failed.connect ((c, status_code, response, cause) => {
            /* response is null if no response came (a timeout, say). */
            printerr ("alice: the message failed with status %u\n", status_code);
        });
        ctx.terminated.connect (() => {
            /* terminated is always the last signal of a context. */
            if (delivered)
                place_call ();
            else
                stop_both.begin ();
        });
        /* The user agent keeps the context alive until it has terminated. */
    }

    void place_call () {
        try {
            var call = alice.invite (bob_uri, null);
            /* The handlers use their arguments, not `call`: a closure that
             * captured the call would keep it alive forever. */
            call.notify["state"].connect ((obj, pspec) => {
                var established = (Sip.InviteClientContext) obj;
                if (established.state != Sip.ContextState.ESTABLISHED)
                    return;
                print ("alice: call established (%s), hanging up\n",
                       established.remote_media_codec);
                try {
                    established.bye (null);
                } catch (Error e) {
                    printerr ("alice: bye: %s\n", e.message);
                }
            });
            call.terminated.connect ((c, cause) => {
                print ("alice: call over (%s)\n",
                       ((EnumClass) typeof (Sip.Cause).class_ref ()).get_value (cause).value_nick);
                call_cause = cause;
                stop_both.begin ();
            });
        } catch (Error e) {
            printerr ("alice: invite: %s\n", e.message);
            stop_both.begin ();
        }
    }

    /* Shutting a user agent down is asynchronous. */
    async void stop_both () {
        foreach (var ua in new Sip.UserAgent[] { alice, bob }) {
            try {
                yield ua.stop_async (null);
            } catch (Error e) {
                printerr ("stop: %s\n", e.message);
            }
        }
        loop.quit ();
    }

    public int run () {
        try {
            alice.start ();
            bob.start ();
        } catch (Error e) {
            printerr ("start: %s\n", e.message);
            return 1;
        }
        /* contact-uri is the address actually bound. */
        bob_uri = "sip:bob@" + bob.contact_uri.substring ("sip:".length);

        refused = check_malformed_target ();
        try {
            send_message ();
        } catch (Error e) {
            /* A Sip.Error, for example Sip.Error.INVALID_ARGUMENT for a
             * malformed URI. */
            printerr ("alice: %s\n", e.message);
            stop_both.begin ();
        }

        Timeout.add_seconds (10, () => {
            printerr ("timed out\n");
            Process.exit (1);
        });
        loop.run ();
        return refused && delivered && call_cause == Sip.Cause.BYE ? 0 : 1;
    }
}

int main () {
    return new Example ().run ();
}
