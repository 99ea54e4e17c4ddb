#!/usr/bin/python3
# message-and-call.py: two user agents in one process, on 127.0.0.1.
#
# Bob accepts whatever arrives. Alice sends him a MESSAGE, then calls him
# and hangs up as soon as the call is established. The program exits 0 if
# all of that happened, 1 otherwise.
#
# Run it with Debian's /usr/bin/python3 (python3-gi). Against an
# uninstalled build, set GI_TYPELIB_PATH and LD_LIBRARY_PATH to
# _build/libsipctx (./run shell does).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Sip", "1.0")
from gi.repository import GLib, Sip  # noqa: E402

loop = GLib.MainLoop()
outcome = {"refused": False, "delivered": False, "call_cause": None}

# Properties can be set at construction. Port 0: any free port.
alice = Sip.UserAgent(aor="sip:alice@127.0.0.1", bind_uri="sip:127.0.0.1:0")
bob = Sip.UserAgent(aor="sip:bob@127.0.0.1", bind_uri="sip:127.0.0.1:0")


# Bob's side: answer every MESSAGE and every call.

def on_message(ua, ctx):
    print("bob: message from %s: %s" % (ctx.props.remote_identity.get_uri(), ctx.props.text))
    ctx.accept(None)


def on_invite(ua, call):
    print("bob: call from %s" % call.props.remote_identity.get_uri())
    call.progress(Sip.ReplyOptions(status_code=180))
    call.accept(None)


bob.connect("message", on_message)
bob.connect("invite", on_invite)


# Alice's MESSAGE, then her call.

def check_malformed_target():
    # Runtime failures are GLib.Error in the Sip.Error domain.
    try:
        alice.message("not a uri", "Hello", None, None)
    except GLib.Error as e:
        print("alice: refused: %s" % e.message)
        return e.matches(Sip.error_quark(), Sip.Error.INVALID_ARGUMENT)
    return False


def send_message():
    ctx = alice.message(bob_uri, "Hello, Bob", "text/plain", None)
    ctx.connect("accepted", on_message_accepted)
    ctx.connect("failed", lambda ctx, code, response, cause:
                print("alice: the message failed with status %u" % code, file=sys.stderr))
    ctx.connect("terminated", on_message_terminated)
    # The user agent keeps the context alive until it has terminated.


def on_message_accepted(ctx, status_code, response):
    print("alice: delivered (%u %s)" % (status_code, response.props.reason_phrase))
    outcome["delivered"] = True


def on_message_terminated(ctx, cause):
    # terminated is always the last signal of a context.
    if outcome["delivered"]:
        place_call()
    else:
        stop_both()


def place_call():
    call = alice.invite(bob_uri, None)
    call.connect("notify::state", on_call_state)
    call.connect("terminated", on_call_terminated)


def on_call_state(call, pspec):
    if call.props.state == Sip.ContextState.ESTABLISHED:
        print("alice: call established (%s), hanging up" % call.props.remote_media_codec)
        call.bye(None)


def on_call_terminated(call, cause):
    print("alice: call over (%s)" % cause.value_nick)
    outcome["call_cause"] = cause
    stop_both()


# Shutting a user agent down is asynchronous.

def stop_both():
    stopping = [alice, bob]

    def on_stopped(ua, result):
        ua.stop_finish(result)
        stopping.remove(ua)
        if not stopping:
            loop.quit()

    for ua in list(stopping):
        ua.stop_async(None, on_stopped)


def on_timeout():
    print("timed out", file=sys.stderr)
    loop.quit()


try:
    alice.start()
    bob.start()
except GLib.Error as e:
    print("start: %s" % e.message, file=sys.stderr)
    sys.exit(1)

# contact-uri is the address actually bound.
bob_uri = "sip:bob@" + bob.props.contact_uri[len("sip:"):]

outcome["refused"] = check_malformed_target()
try:
    send_message()
except GLib.Error as e:
    print("alice: %s" % e.message, file=sys.stderr)
    stop_both()

GLib.timeout_add_seconds(10, on_timeout)
loop.run()
sys.exit(0 if outcome["refused"] and outcome["delivered"]
         and outcome["call_cause"] == Sip.Cause.BYE else 1)
