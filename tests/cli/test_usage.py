# test_usage.py: usage errors, --help, and the --json output of sipctx
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import signal

import pytest

from conftest import assert_exit, caller_args

USAGE_ERRORS = [
    ([], "No command"),
    (["frobnicate"], 'Unknown command "frobnicate"'),
    (["--no-such-option", "demo"], "--no-such-option"),
    (["call"], "Missing the URI to call"),
    (["call", "sip:a@127.0.0.1", "sip:b@127.0.0.1"], 'Unexpected argument "sip:b@127.0.0.1"'),
    (["call", "sip:bob@[broken"], "Not a SIP URI"),
    (["call", "sip:bob@127.0.0.1", "--dtmf", "12x"], '--dtmf "12x"'),
    (["call", "sip:bob@127.0.0.1", "--duration", "-5"], "--duration"),
    (["call", "sip:bob@127.0.0.1", "--duration", "soon"], "--duration"),
    (["call", "sip:bob@127.0.0.1", "--hold", "-1"], "--hold"),
    (["message", "sip:bob@127.0.0.1"], "Missing the TEXT"),
    (["message"], "Missing the URI and the TEXT"),
    (["listen", "--answer", "maybe"], "--answer maybe"),
    (["listen", "--answer", "reject=200"], "300 to 699"),
    (["listen", "--answer", "ring=soon"], "ring=soon"),
    (["listen", "--reject-messages=99"], "300 to 699"),
    (["listen", "extra"], 'Unexpected argument "extra"'),
    (["register"], "Missing --registrar"),
    (["register", "--registrar", "sip:bob@[x"], "--registrar"),
    (["--aor", "sip:bob@[x", "message", "sip:bob@127.0.0.1", "hi"], "--aor"),
    (["--bind", "sip:127.0.0.1:notaport", "message", "sip:bob@127.0.0.1", "hi"], None),
    (["demo", "now"], 'Unexpected argument "now"'),
]


@pytest.mark.parametrize("args,message", USAGE_ERRORS)
def test_usage_error_exits_2(cli, args, message):
    status, p = cli.run(*args)

    assert_exit(p, status, 2)
    stderr = "\n".join(p.stderr_lines)
    if message is not None:
        assert message in stderr, stderr
        assert "--help" in stderr
        # Nothing happened: no event.
        assert p.output() == []


@pytest.mark.parametrize("command", [[], ["listen"], ["call"], ["message"], ["register"], ["demo"]])
def test_help(cli, command):
    status, p = cli.run(*command, "--help")

    assert_exit(p, status, 0)
    text = "\n".join(p.output())
    assert text.startswith("Usage:\n  sipctx " + (command[0] + " " if command else ""))
    if not command:
        for word in ("listen", "call", "message", "register", "demo", "SIPCTX_PASSWORD",
                     "Exit status", "--json", "--bind", "--aor", "--user", "--proxy", "--display-name"):
            assert word in text


def test_global_options_may_follow_the_command(cli):
    listener, bob = cli.listen()

    status, sender = cli.run("message", bob, "hi", "--bind", "sip:127.0.0.1:0",
                             "--aor", "sip:carol@127.0.0.1", "--display-name", "Carol", "--json")

    assert_exit(sender, status, 0)
    assert sender.events()[0]["aor"] == "sip:carol@127.0.0.1"
    m = listener.wait_line(r"^incoming-message #1 from (.*) \"hi\"$")
    assert m.group(1) == '"Carol" <sip:carol@127.0.0.1>'


def test_json_lines(cli):
    """Every line of --json output is a JSON object with the fields the
    plain lines show."""
    listener, bob = cli.listen("--answer", "reject", json_output=True)

    status, caller = cli.run(*caller_args("--json", "call", bob))
    assert_exit(caller, status, 1)
    status, sender = cli.run(*caller_args("--json", "message", bob, "Grüße\n"))
    assert_exit(sender, status, 0)

    listener.wait_line(r'"event":"accepted","id":2')
    listener.signal(signal.SIGTERM)
    assert_exit(listener, listener.wait(), 0)

    for p in (caller, sender, listener):
        events = p.events()
        assert events, p.transcript()
        for e in events:
            assert isinstance(e, dict)
            assert isinstance(e["event"], str)
            assert isinstance(e["time-ms"], int)

    events = caller.events()
    assert events[0]["event"] == "started"
    assert {"event": "calling", "id": 1, "target": bob}.items() <= events[1].items()
    rejected = next(e for e in events if e["event"] == "rejected")
    assert (rejected["status"], rejected["reason"], rejected["cause"]) == (486, "Busy Here", "busy")
    result = events[-1]
    assert result["event"] == "result"
    assert (result["success"], result["established"], result["status"], result["reason"]) == \
        (False, False, 486, "Busy Here")

    assert sender.events()[-1]["success"] is True
    assert sender.events()[-1]["status"] == 200

    events = listener.events()
    call = next(e for e in events if e["event"] == "incoming-call")
    assert (call["id"], call["from"], call["to"]) == (1, "sip:alice@127.0.0.1", bob)
    message = next(e for e in events if e["event"] == "incoming-message")
    assert (message["id"], message["text"], message["content-type"]) == (2, "Grüße\n", "text/plain")
    summary = events[-1]
    assert summary["event"] == "summary"
    assert (summary["calls"], summary["rejected"], summary["messages"], summary["messages-accepted"]) == \
        (1, 1, 1, 1)


def test_listen_bind_taken(cli):
    """A port that is taken is a runtime failure (1), not a usage error."""
    listener, bob = cli.listen()
    port = bob.rsplit(":", 1)[1]

    status, other = cli.run("--bind", "sip:127.0.0.1:" + port, "listen")

    assert_exit(other, status, 1)
    assert other.output()[-1].startswith("error Cannot start the user agent: ")
