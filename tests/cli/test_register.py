# test_register.py: sipctx register against a sipp registrar
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import select
import signal
import time

from conftest import WAIT_S, assert_exit, assert_in_order, caller_args

USER = "alice"
PASSWORD = "s3cr:et wörd"


def registrar(cli):
    """uas-register.xml: challenges, grants expires=2 whatever was asked,
    wants a refresh before the unregistration, and refuses wrong
    credentials with 403."""
    return cli.sipp("uas-register.xml", extra=["-set", "authuser", USER, "-set", "authpass", PASSWORD])


def test_register_refresh_and_unregister_on_sigint(cli):
    sipp = registrar(cli)
    reg = cli.sipctx(*caller_args("--user", USER, "register",
                                  "--registrar", "sip:" + sipp.uri_host, "--expires", "60"),
                     env={"SIPCTX_PASSWORD": PASSWORD})

    reg.wait_line(r"^registered 200 OK, expires in 2 s$")
    reg.wait_line(r"^registered 200 OK, expires in 2 s \(refresh\)$")
    reg.signal(signal.SIGINT)

    assert_exit(reg, reg.wait(), 0)
    assert_in_order(reg.output(), [
        r"^registering at sip:127\.0\.0\.1:\d+ for 60 s$",
        r"^registration registering$",
        r"^registration registered$",
        r"^registered 200 OK, expires in 2 s$",
        r"^registered 200 OK, expires in 2 s \(refresh\)$",
        r"^interrupted SIGINT$",
        r"^unregistered 200 OK$",
        r"^stopped$",
        r"^result success: registered, then unregistered$",
    ])
    # sipp saw a valid digest each time, a refresh, and the removal.
    assert_exit(sipp, sipp.wait(), 0)


def test_register_json(cli):
    sipp = registrar(cli)
    reg = cli.sipctx(*caller_args("--json", "--user", USER, "register",
                                  "--registrar", "sip:" + sipp.uri_host),
                     env={"SIPCTX_PASSWORD": PASSWORD})

    reg.wait_line(r'"event":"registered".*"refresh":true')
    reg.signal(signal.SIGTERM)

    assert_exit(reg, reg.wait(), 0)
    events = reg.events()
    registered = [e for e in events if e["event"] == "registered"]
    assert registered[0]["status"] == 200
    assert registered[0]["expires"] == 2
    assert registered[0]["refresh"] is False
    assert [e["signal"] for e in events if e["event"] == "interrupted"] == ["SIGTERM"]
    assert events[-1]["event"] == "result" and events[-1]["success"] is True
    assert_exit(sipp, sipp.wait(), 0)


def test_register_wrong_password(cli):
    sipp = registrar(cli)

    status, reg = cli.run(*caller_args("--user", USER, "register", "--registrar", "sip:" + sipp.uri_host),
                          env={"SIPCTX_PASSWORD": "wrong"})

    assert_exit(reg, status, 1)
    assert_in_order(reg.output(), [
        r"^registration-failed 403 Forbidden \(rejected\)$",
        r"^error ",
        r"^result failure: not registered$",
    ])
    # The scenario fails its call on wrong credentials, by design.
    assert sipp.wait() != 0


def read_terminal(master, until, timeout=WAIT_S):
    """What the process wrote on its terminal, up to the text UNTIL."""
    seen = b""
    deadline = time.monotonic() + timeout
    while until.encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0, "the terminal showed %r, not %r" % (seen, until)
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                chunk = os.read(master, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen.decode(errors="replace")


def test_register_password_from_the_terminal(cli):
    """Without SIPCTX_PASSWORD, --user asks on the terminal, without echo."""
    sipp = registrar(cli)
    master, slave = os.openpty()
    try:
        reg = cli.sipctx(*caller_args("--user", USER, "register", "--registrar", "sip:" + sipp.uri_host),
                         terminal=slave)
        os.close(slave)
        slave = None

        prompt = read_terminal(master, "Password for %s: " % USER)
        os.write(master, (PASSWORD + "\n").encode())
        reg.wait_line(r"^registered 200 OK, expires in 2 s \(refresh\)$")
        reg.signal(signal.SIGINT)
        assert_exit(reg, reg.wait(), 0)

        # Nothing of the password came back on the terminal.
        try:
            while select.select([master], [], [], 0.2)[0]:
                chunk = os.read(master, 1024)
                if not chunk:
                    break
                prompt += chunk.decode(errors="replace")
        except OSError:
            pass   # the other side is closed
        assert PASSWORD not in prompt
        assert PASSWORD not in "\n".join(reg.output() + reg.stderr_lines)
    finally:
        os.close(master)
        if slave is not None:
            os.close(slave)
    # sipp checked the digest made with the password typed.
    assert_exit(sipp, sipp.wait(), 0)


def test_register_needs_a_password(cli):
    """--user without SIPCTX_PASSWORD and no terminal to ask on: a usage
    error, before anything is sent."""
    status, reg = cli.run(*caller_args("--user", USER, "register", "--registrar", "sip:127.0.0.1:9"))

    assert_exit(reg, status, 2)
    assert reg.output() == []
    assert "SIPCTX_PASSWORD" in "\n".join(reg.stderr_lines)
