# test_message.py: sipctx message and the MESSAGEs of sipctx listen
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import signal

from conftest import assert_exit, assert_in_order, caller_args, free_port


def test_message_accepted(cli):
    listener, bob = cli.listen()

    status, sender = cli.run(*caller_args("message", bob, "Hello \"Bob\"\nsecond line"))

    assert_exit(sender, status, 0)
    assert_in_order(sender.output(), [
        r'^sending #1 "Hello \\"Bob\\"\\nsecond line" to ' + bob + "$",
        r"^accepted #1 200 OK$",
        r"^terminated #1 none$",
        r"^result #1 success: 200 OK$",
    ])
    listener.wait_line(r'^incoming-message #1 from <sip:alice@127\.0\.0\.1> "Hello \\"Bob\\"\\nsecond line"$')
    listener.wait_line(r"^accepted #1 200 OK$")

    listener.signal(signal.SIGTERM)
    assert_exit(listener, listener.wait(), 0)
    assert "messages=1 messages-accepted=1 messages-rejected=0" in listener.output()[-1]


def test_message_rejected(cli):
    listener, bob = cli.listen("--reject-messages")

    status, sender = cli.run(*caller_args("message", bob, "anyone?"))

    assert_exit(sender, status, 1)
    assert sender.output()[-1] == "result #1 failure: 403 Forbidden (rejected)"
    listener.wait_line(r"^rejected #1 403 Forbidden \(rejected\)$")


def test_message_rejected_with_code(cli):
    listener, bob = cli.listen("--reject-messages=488")

    status, sender = cli.run(*caller_args("message", bob, "anyone?"))

    assert_exit(sender, status, 1)
    assert sender.output()[-1] == "result #1 failure: 488 Not Acceptable Here (incompatible-sdp)"


def test_message_to_sipp(cli):
    """sipp checks the Content-Type and the body, and answers 200."""
    sipp = cli.sipp("uas-message-200.xml")

    status, sender = cli.run(*caller_args("message", "bob@" + sipp.uri_host, "Hello SIPp"))

    assert_exit(sender, status, 0)
    assert sender.output()[-1] == "result #1 success: 200 OK"
    assert_exit(sipp, sipp.wait(), 0)


def test_message_to_sipp_forbidden(cli):
    sipp = cli.sipp("uas-message-403.xml")

    status, sender = cli.run(*caller_args("message", "sip:bob@" + sipp.uri_host, "Hello"))

    assert_exit(sender, status, 1)
    assert "403 Forbidden" in sender.output()[-1]
    assert_exit(sipp, sipp.wait(), 0)


def test_message_nobody_listening(cli):
    """A port where nothing listens: the ICMP error fails the MESSAGE."""
    port = free_port()

    status, sender = cli.run(*caller_args("message", "sip:bob@127.0.0.1:%d" % port, "Hello"))

    assert_exit(sender, status, 1)
    assert sender.output()[-1] == "result #1 failure: no response (connection-error)"


def test_listen_answers_sipp_messages(cli):
    listener, bob = cli.listen()
    sipp = cli.sipp("uac-message.xml", remote=bob.split("@")[1])

    assert_exit(sipp, sipp.wait(), 0)
    listener.wait_line(r'^incoming-message #1 from "SIPp" <sip:sipp@127\.0\.0\.1:\d+> ')
    listener.wait_line(r"^accepted #1 200 OK$")
