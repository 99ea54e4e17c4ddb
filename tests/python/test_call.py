# test_call.py: calls between two user agents, through the typelib
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Fixtures (agents, run) are in conftest.py.

import gi
import pytest

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("Sip", "1.0")
from gi.repository import Gio, GLib, GObject, Sip  # noqa: E402

from test_message import Recorder, assert_sip_error  # noqa: E402


class CallRecorder(Recorder):
    """Recorder plus the call signals: "bye", "cancel", "dtmf 5 160"."""

    def __init__(self, call):
        super().__init__(call)
        call.connect("bye", self._on_bye)
        call.connect("cancel", lambda c: self.events.append("cancel"))
        call.connect("dtmf", self._on_dtmf)
        # "old>new", the new state read from the property
        self.transitions = []
        call.connect("state-changed", self._on_state_changed)
        # the hold state each time the media changed
        self.holds = []
        call.connect("media-changed", lambda c: self.holds.append(
            (c.props.local_hold, c.props.remote_hold)))

    def _on_state_changed(self, call, old_state):
        assert isinstance(old_state, Sip.ContextState)
        self.transitions.append("%s>%s" % (old_state.value_nick, call.props.state.value_nick))

    def _on_bye(self, call, request):
        assert isinstance(request, Sip.Request)
        assert request.get_method() == "BYE"
        self.events.append("bye")

    def _on_dtmf(self, call, tone, duration):
        self.events.append("dtmf %s %u" % (tone, duration))


def test_call_answered_held_and_hung_up(agents, run):
    alice, bob = agents.alice, agents.bob
    incoming = []
    changes = []

    def on_invite(ua, call):
        assert isinstance(call, Sip.InviteServerContext)
        assert isinstance(call, Sip.InviteContext)
        assert call.props.state == Sip.ContextState.RECEIVED
        assert "m=audio" in call.props.remote_sdp
        incoming.append((call, CallRecorder(call)))
        # Option objects are built with keyword properties.
        assert call.progress(Sip.ReplyOptions(status_code=180))
        assert call.accept(None)

    bob.connect("invite", run.guard(on_invite))
    calls = alice.get_calls()
    assert calls.get_item_type() == Sip.InviteContext.__gtype__
    calls.connect("items-changed",
                  lambda model, pos, removed, added: changes.append((pos, removed, added)))

    call = alice.invite(agents.bob_uri, None)
    assert isinstance(call, Sip.InviteClientContext)
    rec = CallRecorder(call)
    assert calls.get_n_items() == 1 and calls.get_item(0) == call

    run.until(lambda: call.props.state == Sip.ContextState.ESTABLISHED and incoming
              and incoming[0][0].props.state == Sip.ContextState.ESTABLISHED,
              what="the call to be established")
    assert rec.events == ["progress 180", "accepted 200"]
    assert call.props.remote_media_codec == "PCMU/8000"
    assert call.props.remote_media_port == 9
    assert isinstance(call.props.start_time, GLib.DateTime)

    # Errors are GLib.Error in the Sip error domain.
    with pytest.raises(GLib.Error) as excinfo:
        call.dtmf("12x", 0, 0)
    assert_sip_error(excinfo, Sip.Error.INVALID_ARGUMENT)
    with pytest.raises(GLib.Error) as excinfo:
        call.cancel(None)
    assert_sip_error(excinfo, Sip.Error.INVALID_STATE)

    # Hold through the async pair.
    results = []
    call.hold_async(None, lambda c, res: results.append(c.hold_finish(res)))
    run.until(lambda: results, what="hold to finish")
    assert results == [True]
    assert call.props.local_hold
    bob_call, bob_rec = incoming[0]
    run.until(lambda: bob_call.props.remote_hold, what="bob to see the hold")

    assert call.dtmf("5", 160, 50)
    run.until(lambda: "dtmf 5 160" in bob_rec.events, what="the tone")

    assert call.bye(None)
    run.until(lambda: rec.terminated and bob_rec.terminated, what="the end of the call")
    assert rec.events == ["progress 180", "accepted 200", "terminated bye"]
    assert bob_rec.events == ["progress 180", "accepted 200", "dtmf 5 160", "bye",
                              "terminated bye"]
    assert call.props.cause == Sip.Cause.BYE
    # state-changed gives the state left, as an enum of the binding.
    assert rec.transitions == ["sent>proceeding", "proceeding>accepted", "accepted>established",
                               "established>terminating", "terminating>terminated"]
    assert bob_rec.transitions == ["received>proceeding", "proceeding>accepted",
                                   "accepted>established", "established>terminated"]
    # media-changed: the answer, then Alice's hold; Bob sees the hold.
    assert rec.holds == [(False, False), (True, False)]
    assert bob_rec.holds == [(False, True)]
    assert calls.get_n_items() == 0
    assert changes == [(0, 0, 1), (0, 1, 0)]


def test_user_agent_follows_every_call(agents, run):
    """A call history from one handler of the user agent's
    context-state-changed: the ended calls, whoever held them."""
    alice, bob = agents.alice, agents.bob
    history = []
    transitions = []

    def on_context_state_changed(ua, context, old_state):
        assert ua is bob
        assert isinstance(context, Sip.Context)
        assert isinstance(old_state, Sip.ContextState)
        transitions.append("%s>%s" % (old_state.value_nick, context.props.state.value_nick))
        if isinstance(context, Sip.InviteContext) and context.props.state == Sip.ContextState.TERMINATED:
            history.append((context.get_remote_identity().get_uri(), context.props.cause))

    bob.connect("context-state-changed", run.guard(on_context_state_changed))
    # Bob's handler answers and keeps no reference.
    bob.connect("invite", run.guard(lambda ua, call: call.reject(Sip.ReplyOptions(status_code=486))))

    call = alice.invite(agents.bob_uri, None)
    rec = CallRecorder(call)
    run.until(lambda: rec.terminated and history, what="the call to end on both sides")
    assert transitions == ["initial>received", "received>terminated"]
    assert history == [(alice.props.aor, Sip.Cause.BUSY)]


def test_call_rejected_busy(agents, run):
    alice, bob = agents.alice, agents.bob

    def on_invite(ua, call):
        assert call.reject(Sip.ReplyOptions(status_code=486))
        with pytest.raises(GLib.Error) as excinfo:
            call.accept(None)
        assert_sip_error(excinfo, Sip.Error.INVALID_STATE)

    bob.connect("invite", run.guard(on_invite))
    call = alice.invite(agents.bob_uri, None)
    rec = CallRecorder(call)
    run.until(lambda: rec.terminated, what="the call to fail")
    assert rec.events == ["rejected 486 busy", "failed 486 busy", "terminated busy"]
    assert rec.responses["rejected"].props.reason_phrase == "Busy Here"


def test_invite_bad_target(agents):
    with pytest.raises(GLib.Error) as excinfo:
        agents.alice.invite("not a uri", None)
    assert_sip_error(excinfo, Sip.Error.INVALID_ARGUMENT)
    assert agents.alice.get_calls().get_n_items() == 0


def test_call_cancelled(agents, run):
    alice, bob = agents.alice, agents.bob
    incoming = []

    def on_invite(ua, call):
        # Bob lets it ring; the user agent keeps the call alive.
        incoming.append(CallRecorder(call))
        assert call.progress(None)
        assert len(bob.props.calls) == 1 and list(bob.props.calls) == [call]

    bob.connect("invite", run.guard(on_invite))
    call = alice.invite(agents.bob_uri, None)
    rec = CallRecorder(call)
    run.until(lambda: "progress 180" in rec.events, what="the call to ring")

    assert call.cancel(Sip.RequestOptions(extra_headers=["Reason: SIP;cause=487"]))
    run.until(lambda: rec.terminated and incoming and incoming[0].terminated,
              what="both sides to end")
    assert rec.events == ["progress 180", "rejected 487 canceled", "failed 487 canceled",
                          "terminated canceled"]
    assert incoming[0].events == ["progress 180", "cancel", "rejected 487 canceled",
                                  "failed 487 canceled", "terminated canceled"]
    assert rec.responses["rejected"].props.status_code == 487
    assert len(alice.props.calls) == 0 and len(bob.props.calls) == 0


def test_registered_types():
    """Enums and the error domain are registered types, so bindings can
    name and convert them."""
    assert Sip.Cause.__gtype__.name == "SipCause"
    assert Sip.ContextState.__gtype__.name == "SipContextState"
    assert Sip.RegistrationState.__gtype__.name == "SipRegistrationState"
    assert Sip.Error.__gtype__.name == "SipError"
    assert GLib.quark_to_string(Sip.error_quark()) == "sip-error-quark"
    assert Sip.Cause.from_status(486) == Sip.Cause.BUSY
    assert Sip.cause_from_status(404) == Sip.Cause.NOT_FOUND
    assert Sip.get_reason_phrase(180) == "Ringing"

    addr = Sip.NameAddr.parse('"Carol" <sip:carol@example.org>;tag=abc')
    assert (addr.get_display_name(), addr.get_uri(), addr.get_user(), addr.get_host(),
            addr.get_tag()) == ("Carol", "sip:carol@example.org", "carol", "example.org", "abc")
    # A boxed value: the wrapper and its copies share one reference-counted value.
    assert isinstance(addr, Sip.NameAddr) and Sip.NameAddr.__gtype__.is_a(GObject.TYPE_BOXED)
    assert Sip.NameAddr.new(None, "sip:carol@example.org").equal_uri(addr)
    with pytest.raises(GLib.Error) as excinfo:
        Sip.NameAddr.new(None, "mailto:carol@example.org")
    assert_sip_error(excinfo, Sip.Error.INVALID_ARGUMENT)
