# test_call.py: sipctx call and sipctx listen, with each other and with sipp
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import signal

from conftest import assert_exit, assert_in_order, caller_args


def stop_listener(listener):
    """SIGTERM: the listener stops its user agent and prints a summary."""
    listener.signal(signal.SIGTERM)
    assert_exit(listener, listener.wait(), 0)
    return listener.wait_line(r"^summary ").string


def test_call_accepted(cli):
    listener, bob = cli.listen("--answer", "auto")

    status, caller = cli.run(*caller_args("call", bob, "--duration", "0"))

    assert_exit(caller, status, 0)
    assert_in_order(caller.output(), [
        r"^started sip:127\.0\.0\.1:\d+ as sip:alice@127\.0\.0\.1$",
        r"^calling #1 " + bob + "$",
        r"^state #1 sent$",
        r"^accepted #1 200 OK$",
        r"^media #1 PCMU/8000 127\.0\.0\.1:9$",
        r"^state #1 established$",
        r"^hangup #1 after 0 s$",
        r"^terminated #1 bye$",
        r"^stopped$",
        r"^result #1 success: the call was established and ended by this side$",
    ])
    # auto answers at once: no ringing.
    assert not any(line.startswith("progress #1") for line in caller.output())

    listener.wait_line(r"^terminated #1 bye$")
    assert_in_order(listener.output(), [
        r"^incoming-call #1 from <sip:alice@127\.0\.0\.1> to <" + bob + ">$",
        r"^state #1 received$",
        r"^accepted #1 200 OK$",
        r"^state #1 established$",
        r"^bye #1 from the peer$",
        r"^terminated #1 bye$",
    ])
    summary = stop_listener(listener)
    assert "calls=1 answered=1 rejected=0 canceled=0" in summary


def test_call_rejected_busy(cli):
    listener, bob = cli.listen("--answer", "reject")

    status, caller = cli.run(*caller_args("call", bob))

    assert_exit(caller, status, 1)
    out = caller.output()
    assert_in_order(out, [
        r"^rejected #1 486 Busy Here \(busy\)$",
        r"^terminated #1 busy$",
        r"^result #1 failure: 486 Busy Here \(busy\)$",
    ])
    assert out[-1] == "result #1 failure: 486 Busy Here (busy)"
    listener.wait_line(r"^terminated #1 busy$")
    assert "calls=1 answered=0 rejected=1" in stop_listener(listener)


def test_call_rejected_with_code(cli):
    listener, bob = cli.listen("--answer", "reject=603")

    status, caller = cli.run(*caller_args("call", bob))

    assert_exit(caller, status, 1)
    assert caller.output()[-1] == "result #1 failure: 603 Decline (rejected)"
    listener.wait_line(r"^rejected #1 603 Decline \(rejected\)$")


def test_ring_then_answer(cli):
    listener, bob = cli.listen("--answer", "ring=1")

    status, caller = cli.run(*caller_args("call", bob, "--duration", "0"))

    assert_exit(caller, status, 0)
    assert_in_order(caller.output(), [
        r"^state #1 proceeding$",
        r"^progress #1 180 Ringing$",
        r"^accepted #1 200 OK$",
        r"^state #1 established$",
        r"^result #1 success",
    ])
    assert_in_order(listener.output(), [
        r"^incoming-call #1 ",
        r"^progress #1 180 Ringing$",
        r"^accepted #1 200 OK$",
    ])


def test_dtmf_and_hold_seen_by_the_listener(cli):
    listener, bob = cli.listen("--answer", "auto")
    caller = cli.sipctx(*caller_args("call", bob, "--dtmf", "1#5", "--hold", "1"))

    # The listener sees every tone, then the hold and its end.
    listener.wait_line(r"^remote-hold #1 off$")
    assert_in_order(listener.output(), [
        r"^state #1 established$",
        r"^dtmf #1 1 100 ms$",
        r"^dtmf #1 # 100 ms$",
        r"^dtmf #1 5 100 ms$",
        r"^remote-hold #1 on$",
        r"^remote-hold #1 off$",
    ])
    caller.wait_line(r"^local-hold #1 off$")

    # Without --duration the caller stays; SIGINT hangs up.
    caller.signal(signal.SIGINT)
    assert_exit(caller, caller.wait(), 0)
    assert_in_order(caller.output(), [
        r"^dtmf-sent #1 1#5$",
        r"^holding #1 for 1 s$",
        r"^local-hold #1 on$",
        r"^unholding #1$",
        r"^local-hold #1 off$",
        r"^interrupted SIGINT$",
        r"^hangup #1 interrupted$",
        r"^terminated #1 bye$",
        r"^result #1 success",
    ])
    listener.wait_line(r"^bye #1 from the peer$")
    assert "dtmf=3 holds=1" in stop_listener(listener)


def test_caller_cancels_a_ringing_call(cli):
    listener, bob = cli.listen("--answer", "ring")
    caller = cli.sipctx(*caller_args("call", bob))

    caller.wait_line(r"^progress #1 180 Ringing$")
    caller.signal(signal.SIGINT)

    assert_exit(caller, caller.wait(), 1)
    assert_in_order(caller.output(), [
        r"^hangup #1 interrupted$",
        r"^rejected #1 487 Request Terminated \(canceled\)$",
        r"^terminated #1 canceled$",
        r"^result #1 failure: 487 Request Terminated \(canceled\)$",
    ])
    listener.wait_line(r"^terminated #1 canceled$")
    assert_in_order(listener.output(), [r"^progress #1 180 Ringing$", r"^cancel #1 from the peer$"])
    assert "answered=0 rejected=0 canceled=1" in stop_listener(listener)


def test_listener_stops_with_a_ringing_call(cli):
    """SIGTERM while a call rings: the listener answers it (480) as its
    user agent stops, and the caller sees that."""
    listener, bob = cli.listen("--answer", "ring")
    caller = cli.sipctx(*caller_args("call", bob))
    listener.wait_line(r"^progress #1 180 Ringing$")

    summary = stop_listener(listener)

    assert "calls=1 answered=0 rejected=1 canceled=0" in summary
    # The 480 is the library's answer, not the listener's: printed once,
    # before the end of the call.
    assert_in_order(listener.output(), [
        r"^interrupted SIGTERM$",
        r"^rejected #1 480 Temporarily Unavailable \(stopped\)$",
        r"^failed #1 480 Temporarily Unavailable \(stopped\)$",
        r"^state #1 terminated$",
        r"^terminated #1 stopped$",
    ])
    assert sum(line.startswith("rejected #1") for line in listener.output()) == 1
    assert_exit(caller, caller.wait(), 1)
    assert caller.output()[-1].startswith("result #1 failure: 480 Temporarily Unavailable")


def test_call_to_sipp_peer_hangs_up(cli):
    """sipp answers (180, 200 with PCMA), expects the DTMF 1 and #, and
    hangs up itself."""
    sipp = cli.sipp("uas-call-bye.xml")

    status, caller = cli.run(*caller_args("call", "sip:bob@" + sipp.uri_host, "--dtmf", "1#"))

    assert_exit(caller, status, 0)
    assert_in_order(caller.output(), [
        r"^progress #1 180 Ringing$",
        r"^accepted #1 200 OK$",
        r"^media #1 PCMA/8000 127\.0\.0\.1:6000$",
        r"^state #1 established$",
        r"^dtmf-sent #1 1#$",
        r"^bye #1 from the peer$",
        r"^terminated #1 bye$",
        r"^result #1 success: the call was established and ended by the peer$",
    ])
    assert_exit(sipp, sipp.wait(), 0)


def test_call_to_sipp_busy(cli):
    sipp = cli.sipp("uas-call-486.xml")

    status, caller = cli.run(*caller_args("call", "sip:bob@" + sipp.uri_host))

    assert_exit(caller, status, 1)
    assert caller.output()[-1] == "result #1 failure: 486 Busy Here (busy)"
    assert_exit(sipp, sipp.wait(), 0)


def test_call_hold_against_sipp(cli):
    """sipp checks the hold re-INVITE (sendonly), the unhold (sendrecv)
    and the BYE that SIGINT sends."""
    sipp = cli.sipp("cli-uas-call-hold.xml")
    caller = cli.sipctx(*caller_args("call", "sip:bob@" + sipp.uri_host, "--hold", "1"))

    caller.wait_line(r"^local-hold #1 off$")
    caller.signal(signal.SIGINT)

    assert_exit(caller, caller.wait(), 0)
    assert_in_order(caller.output(), [
        r"^state #1 established$",
        r"^holding #1 for 1 s$",
        r"^local-hold #1 on$",
        r"^local-hold #1 off$",
        r"^terminated #1 bye$",
    ])
    assert_exit(sipp, sipp.wait(), 0)


def test_listen_answers_sipp_call(cli):
    """sipp calls: 180 then 200 (ring=1), hold, unhold, DTMF 5, an INFO
    the library refuses with 415, BYE."""
    listener, bob = cli.listen("--answer", "ring=1")
    sipp = cli.sipp("uac-call.xml", remote=bob.split("@")[1])

    assert_exit(sipp, sipp.wait(), 0)
    listener.wait_line(r"^terminated #1 bye$")
    assert_in_order(listener.output(), [
        r'^incoming-call #1 from "SIPp" <sip:sipp@127\.0\.0\.1:\d+> to <sip:bob@',
        r"^media #1 PCMA/8000 127\.0\.0\.1:6002$",
        r"^progress #1 180 Ringing$",
        r"^accepted #1 200 OK$",
        r"^state #1 established$",
        r"^remote-hold #1 on$",
        r"^remote-hold #1 off$",
        r"^dtmf #1 5 160 ms$",
        r"^bye #1 from the peer$",
        r"^terminated #1 bye$",
    ])
    assert "calls=1 answered=1 rejected=0 canceled=0 messages=0" in stop_listener(listener)


def test_listen_auto_answers_sipp_at_once(cli):
    """sipp fails if a 180 comes before the 200."""
    listener, bob = cli.listen("--answer", "auto")
    sipp = cli.sipp("cli-uac-call-auto.xml", remote=bob.split("@")[1])

    assert_exit(sipp, sipp.wait(), 0)
    listener.wait_line(r"^terminated #1 bye$")


def test_listen_rejects_sipp_call(cli):
    listener, bob = cli.listen("--answer", "reject=486")
    sipp = cli.sipp("cli-uac-call-486.xml", remote=bob.split("@")[1])

    assert_exit(sipp, sipp.wait(), 0)
    listener.wait_line(r"^terminated #1 busy$")
