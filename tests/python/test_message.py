# test_message.py: MESSAGE between two user agents, through the typelib
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Fixtures (agents, run) and stop_user_agents() are in conftest.py.

import gi
import pytest

gi.require_version("GLib", "2.0")
gi.require_version("Sip", "1.0")
from gi.repository import GLib, Sip  # noqa: E402

from conftest import stop_user_agents  # noqa: E402

TEXT = "Hello from Python"


class Recorder:
    """Records the signals of a context in order, as text such as
    "accepted 200", "rejected 486 busy", "failed 0 stopped",
    "terminated none" (the format of the C tests' SipTestRecorder)."""

    def __init__(self, ctx):
        self.events = []
        self.responses = {}
        self.causes = {}
        self.states = []
        ctx.connect("progress", self._on_progress)
        ctx.connect("accepted", self._on_accepted)
        ctx.connect("rejected", self._on_rejected)
        ctx.connect("failed", self._on_failed)
        ctx.connect("terminated", self._on_terminated)
        ctx.connect("notify::state", self._on_notify_state)

    def _on_progress(self, ctx, status, response):
        self.responses["progress"] = response
        self.events.append("progress %u" % status)

    def _on_accepted(self, ctx, status, response):
        self.responses["accepted"] = response
        self.events.append("accepted %u" % status)

    def _on_rejected(self, ctx, status, response, cause):
        self.responses["rejected"] = response
        self.causes["rejected"] = cause
        self.events.append("rejected %u %s" % (status, cause.value_nick))

    def _on_failed(self, ctx, status, response, cause):
        self.responses["failed"] = response
        self.causes["failed"] = cause
        self.events.append("failed %u %s" % (status, cause.value_nick))

    def _on_terminated(self, ctx, cause):
        self.causes["terminated"] = cause
        self.events.append("terminated %s" % cause.value_nick)

    def _on_notify_state(self, ctx, pspec):
        self.states.append((pspec.name, ctx.props.state))

    @property
    def terminated(self):
        return "terminated" in self.causes


def assert_sip_error(excinfo, code):
    e = excinfo.value
    assert isinstance(e, GLib.Error)
    assert e.domain == "sip-error-quark"
    assert e.matches(Sip.error_quark(), code), \
        "expected %s, got %s:%d %s" % (code.value_nick, e.domain, e.code, e.message)
    assert e.code == int(code)


def test_message_accepted(agents, run):
    alice, bob = agents.alice, agents.bob
    received = []

    def on_message(ua, ctx):
        assert ua is bob
        assert isinstance(ctx, Sip.MessageServerContext)
        assert isinstance(ctx, Sip.ServerContext)
        assert isinstance(ctx, Sip.MessageContext)
        assert ctx.get_state() == Sip.ContextState.RECEIVED
        received.append({
            "text": ctx.get_text(),
            "text_prop": ctx.props.text,
            "remote": ctx.get_remote_identity().get_uri(),
            "local": ctx.get_local_identity().get_uri(),
            "request_uri": ctx.get_request().get_request_uri(),
            "method": ctx.get_method(),
            "header_ct": ctx.get_request().get_header("Content-Type"),
            "prop_ct": ctx.props.content_type,
            "body": ctx.get_body().get_data(),
        })
        assert ctx.get_status_code() == 0
        assert ctx.accept(None)
        assert ctx.is_answered()
        assert ctx.get_status_code() == 200
        assert ctx.props.state == Sip.ContextState.TERMINATED

    bob.connect("message", run.guard(on_message))

    target = agents.bob_uri
    ctx = alice.message(target, TEXT, None, None)
    assert isinstance(ctx, Sip.MessageClientContext)
    assert ctx.get_target() == target
    rec = Recorder(ctx)

    run.until(lambda: rec.terminated, what="alice's context to terminate")

    assert rec.events == ["accepted 200", "terminated none"]
    assert rec.causes["terminated"] == Sip.Cause.NONE
    assert isinstance(rec.causes["terminated"], Sip.Cause)

    response = rec.responses["accepted"]
    assert isinstance(response, Sip.Response)
    assert response.get_status_code() == 200
    assert response.props.status_code == 200
    assert response.props.reason_phrase == "OK"
    assert ctx.get_response() == response

    assert ctx.props.state == Sip.ContextState.TERMINATED
    assert ctx.get_state() == Sip.ContextState.TERMINATED
    assert ctx.is_terminated()
    assert ctx.props.cause == Sip.Cause.NONE
    # notify::state was emitted, and the last state notified is TERMINATED
    assert rec.states, "notify::state was never emitted"
    assert all(name == "state" for name, _ in rec.states)
    states = [state for _, state in rec.states]
    assert states[-1] == Sip.ContextState.TERMINATED
    assert Sip.ContextState.ACCEPTED in states
    assert states == sorted(states), "state moved backwards: %r" % states

    assert len(received) == 1
    got = received[0]
    assert got["text"] == TEXT
    assert got["text_prop"] == TEXT
    assert got["body"] == TEXT.encode()
    assert got["method"] == "MESSAGE"
    assert got["remote"] == "sip:alice@127.0.0.1"
    # The local identity of a request received is its To: the target.
    assert got["local"] == target
    assert got["request_uri"] == target
    assert got["header_ct"] is not None
    assert got["header_ct"].lower().startswith("text/plain")
    assert got["prop_ct"] is not None
    assert got["prop_ct"].lower().startswith("text/plain")


def test_message_rejected_with_reply_options(agents, run):
    alice, bob = agents.alice, agents.bob
    answered = []

    options = Sip.ReplyOptions(status_code=486, reason_phrase="Busy Here",
                               extra_headers=["X-Why: busy"])
    assert options.get_status_code() == 486
    assert options.props.status_code == 486
    assert options.get_reason_phrase() == "Busy Here"
    assert list(options.get_extra_headers()) == ["X-Why: busy"]
    assert list(options.props.extra_headers) == ["X-Why: busy"]

    def on_message(ua, ctx):
        server_rec = Recorder(ctx)
        assert ctx.reject(options)
        answered.append(server_rec)

    bob.connect("message", run.guard(on_message))

    ctx = alice.message(agents.bob_uri, TEXT, None, None)
    rec = Recorder(ctx)
    run.until(lambda: rec.terminated, what="alice's context to terminate")

    assert rec.events == ["rejected 486 busy", "failed 486 busy", "terminated busy"]
    assert rec.causes["rejected"] == Sip.Cause.BUSY
    assert rec.causes["failed"] == Sip.Cause.BUSY
    assert rec.causes["terminated"] == Sip.Cause.BUSY

    response = rec.responses["rejected"]
    assert rec.responses["failed"] == response
    assert response.get_status_code() == 486
    assert response.props.reason_phrase == "Busy Here"
    assert response.get_header("X-Why") == "busy"
    assert "X-Why" in list(response.get_header_names())
    assert response.get_header("X-Not-There") is None

    assert ctx.props.state == Sip.ContextState.TERMINATED
    assert ctx.props.cause == Sip.Cause.BUSY
    assert rec.states and rec.states[-1] == ("state", Sip.ContextState.TERMINATED)

    # Bob's side emitted the same signals for the response it sent.
    assert len(answered) == 1
    assert answered[0].events == ["rejected 486 busy", "failed 486 busy", "terminated busy"]
    sent = answered[0].responses["rejected"]
    assert sent.get_status_code() == 486
    assert sent.get_header("X-Why") == "busy"


def test_received_extension_header_values(agents, run):
    alice, bob = agents.alice, agents.bob
    seen = {}

    def on_message(ua, ctx):
        request = ctx.get_request()
        seen["X-Foo"] = request.get_header("X-Foo")
        seen["X-Foo values"] = list(request.get_header_values("X-Foo"))
        ctx.reject(Sip.ReplyOptions(status_code=486, extra_headers=["X-Why: busy"]))

    bob.connect("message", run.guard(on_message))
    ctx = alice.message(agents.bob_uri, TEXT, None,
                        Sip.RequestOptions(extra_headers=["X-Foo: bar"]))
    rec = Recorder(ctx)
    run.until(lambda: rec.terminated, what="alice's context to terminate")
    response = rec.responses["rejected"]

    assert (seen["X-Foo"], seen["X-Foo values"],
            response.get_header("X-Why"), list(response.get_header_values("X-Why"))) == \
        ("bar", ["bar"], "busy", ["busy"])


def test_invalid_extra_header_raises_and_sends_nothing(agents, run):
    alice, bob = agents.alice, agents.bob
    received = []
    bob.connect("message", run.guard(lambda ua, ctx: received.append(ctx)))

    options = Sip.RequestOptions(extra_headers=["X-Bad: a\r\nInjected: 1"])
    with pytest.raises(GLib.Error) as excinfo:
        alice.message(agents.bob_uri, TEXT, None, options)
    assert_sip_error(excinfo, Sip.Error.INVALID_ARGUMENT)

    run.spin(500)
    assert received == [], "bob received a MESSAGE that should not have been sent"


def test_malformed_target_raises(agents):
    with pytest.raises(GLib.Error) as excinfo:
        agents.alice.message("not a uri", TEXT, None, None)
    assert_sip_error(excinfo, Sip.Error.INVALID_ARGUMENT)


def test_accept_twice_raises_invalid_state(agents, run):
    alice, bob = agents.alice, agents.bob
    outcome = {}

    def on_message(ua, ctx):
        assert ctx.accept(None)
        with pytest.raises(GLib.Error) as excinfo:
            ctx.accept(None)
        outcome["error"] = excinfo
        # Also the other answers: nothing is legal after termination.
        with pytest.raises(GLib.Error) as excinfo2:
            ctx.reject(None)
        outcome["reject_error"] = excinfo2

    bob.connect("message", run.guard(on_message))
    ctx = alice.message(agents.bob_uri, TEXT, None, None)
    rec = Recorder(ctx)
    run.until(lambda: rec.terminated, what="alice's context to terminate")

    assert "error" in outcome, "bob's message handler did not run"
    assert_sip_error(outcome["error"], Sip.Error.INVALID_STATE)
    assert_sip_error(outcome["reject_error"], Sip.Error.INVALID_STATE)
    # The second accept sent nothing: alice saw exactly one final response.
    assert rec.events == ["accepted 200", "terminated none"]


def test_stop_async(agents, run):
    alice, bob = agents.alice, agents.bob
    assert alice.props.running and bob.props.running
    assert alice.is_running() and bob.is_running()

    # A MESSAGE bob holds unanswered: stopping bob answers it 480 and both
    # sides terminate.
    held = []
    bob.connect("message", run.guard(lambda ua, ctx: held.append(ctx)))
    ctx = alice.message(agents.bob_uri, TEXT, None, None)
    rec = Recorder(ctx)
    run.until(lambda: held, what="bob to receive the MESSAGE")
    server_rec = Recorder(held[0])

    results = stop_user_agents([bob, alice])

    assert results[bob] is True
    assert results[alice] is True
    assert not alice.props.running and not bob.props.running
    assert alice.props.contact_uri is None
    assert bob.props.contact_uri is None

    assert server_rec.events == ["rejected 480 stopped", "failed 480 stopped",
                                 "terminated stopped"]
    assert held[0].props.state == Sip.ContextState.TERMINATED
    # Alice's context ends either with bob's 480 or because alice stopped.
    assert rec.terminated, rec.events
    assert ctx.props.state == Sip.ContextState.TERMINATED

    # Stopping a stopped user agent completes too (never synchronously).
    again = stop_user_agents([alice])
    assert again[alice] is True


def test_reply_options_dropped_at_once(agents, run):
    """An options object the binding frees as soon as reject() returns:
    its reason phrase must still be the one on the wire, although the
    stack sends the response on a later main loop iteration."""
    alice, bob = agents.alice, agents.bob
    phrase = "Gone Fishing " + "x" * 40

    def on_message(ua, ctx):
        # The temporary's last reference goes when reject() returns.
        assert ctx.reject(Sip.ReplyOptions(status_code=486, reason_phrase=phrase))

    bob.connect("message", run.guard(on_message))
    ctx = alice.message(agents.bob_uri, TEXT, None, None)
    rec = Recorder(ctx)
    run.until(lambda: rec.terminated, what="alice's context to terminate")

    assert rec.events == ["rejected 486 busy", "failed 486 busy", "terminated busy"]
    assert rec.responses["rejected"].props.reason_phrase == phrase


def test_failed_without_response(agents, run):
    """failed carries no response (None) when none caused the failure."""
    alice, bob = agents.alice, agents.bob
    held = []  # (context, recorder): holding the context keeps it unanswered
    bob.connect("message", run.guard(lambda ua, ctx: held.append((ctx, Recorder(ctx)))))
    ctx = alice.message(agents.bob_uri, TEXT, None, None)
    rec = Recorder(ctx)
    run.until(lambda: held, what="bob to receive the MESSAGE")

    # Alice stops first: her context fails with status 0 and no response.
    assert stop_user_agents([alice])[alice] is True
    assert rec.events == ["failed 0 stopped", "terminated stopped"]
    assert rec.responses["failed"] is None
    assert ctx.props.response is None
    assert ctx.props.cause == Sip.Cause.STOPPED

    # Bob answers what he still holds with 480 when he stops.
    assert stop_user_agents([bob])[bob] is True
    held_ctx, held_rec = held[0]
    assert held_rec.events == ["rejected 480 stopped", "failed 480 stopped",
                               "terminated stopped"]
    assert held_rec.responses["rejected"].get_status_code() == 480
    assert held_ctx.props.cause == Sip.Cause.STOPPED
