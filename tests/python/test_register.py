# test_register.py: authentication and registration through PyGObject,
# against sipp UAS scenarios (tests/sipp) that this test starts and stops
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import shutil
import socket
import subprocess
import tempfile

import gi
import pytest

gi.require_version("GLib", "2.0")
gi.require_version("Sip", "1.0")
from gi.repository import GLib, Sip  # noqa: E402

from conftest import stop_user_agents  # noqa: E402

SCENARIOS = os.environ.get("SIPP_SCENARIOS",
                           os.path.join(os.path.dirname(__file__), "..", "sipp"))
USERNAME = "alice"
PASSWORD = 'p:a"ss\\word'

pytestmark = pytest.mark.skipif(shutil.which("sipp") is None,
                                reason="sipp (Debian package sip-tester) is not installed")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def udp_bound(port):
    needle = " 0100007F:%04X " % port
    with open("/proc/net/udp") as f:
        return needle in f.read()


class Sipp:
    """sipp running one scenario as a UAS; always stopped by its PID."""

    def __init__(self, scenario, *extra):
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="test-register-")
        self.process = subprocess.Popen(
            ["sipp", "-sf", os.path.join(SCENARIOS, scenario), "-i", "127.0.0.1",
             "-p", str(self.port), "-t", "u1", "-m", "1", "-nostdin",
             "-timeout", "15s", "-timeout_error",
             "-trace_err", "-error_file", os.path.join(self.tmp, "errors.log")] + list(extra),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.tmp)

    def wait_listening(self, run):
        run.until(lambda: udp_bound(self.port) or self.process.poll() is not None,
                  what="sipp to listen")

    def wait(self, run):
        run.until(lambda: self.process.poll() is not None, timeout_ms=20000, what="sipp to exit")
        return self.process.returncode

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture
def ua():
    agent = Sip.UserAgent(aor="sip:alice@127.0.0.1", bind_uri="sip:127.0.0.1:0")
    assert agent.start()
    yield agent
    if agent.props.running:
        stop_user_agents([agent])


@pytest.fixture
def sipp_factory():
    started = []

    def start(scenario, *extra):
        s = Sipp(scenario, *extra)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def test_authenticate_signal_answers_the_challenge(ua, run, sipp_factory):
    sipp = sipp_factory("uas-auth-message.xml",
                        "-set", "authuser", USERNAME, "-set", "authpass", PASSWORD)
    sipp.wait_listening(run)
    seen = []

    @run.guard
    def on_authenticate(ctx, auth, retrying):
        seen.append((auth.props.realm, auth.props.proxy, auth.props.method, retrying,
                     auth.props.response.get_status_code()))
        with pytest.raises(GLib.Error) as excinfo:
            auth.authenticate("bad\r\nname", PASSWORD)
        assert excinfo.value.matches(Sip.error_quark(), Sip.Error.INVALID_ARGUMENT)
        assert auth.authenticate(USERNAME, PASSWORD)
        return True

    results = []
    ctx = ua.message("sip:sipp@127.0.0.1:%d" % sipp.port, "Hello", "text/plain", None)
    ctx.connect("authenticate", on_authenticate)
    ctx.connect("accepted", lambda ctx, code, response: results.append(code))
    run.until(lambda: ctx.props.state == Sip.ContextState.TERMINATED, what="the MESSAGE to end")

    assert results == [200]
    assert seen == [("sipctx.test", False, "MESSAGE", False, 401)]
    assert sipp.wait(run) == 0


def test_registration_with_423_and_removal_on_stop(ua, run, sipp_factory):
    sipp = sipp_factory("uas-register-423.xml")
    sipp.wait_listening(run)

    registration = ua.create_registration("sip:127.0.0.1:%d" % sipp.port)
    registration.props.expires = 60
    states = []
    registration.connect("notify::state",
                         lambda reg, pspec: states.append(reg.props.state.value_nick))
    done = []
    registration.register_async(None, lambda reg, result: done.append(reg.register_finish(result)))
    run.until(lambda: done, what="the registration")

    assert done == [True]
    assert registration.props.state == Sip.RegistrationState.REGISTERED
    assert registration.props.granted_expires == 120

    stop_user_agents([ua])
    assert sipp.wait(run) == 0
    assert states == ["registering", "registered", "unregistered"]


def test_bad_credentials_raise(ua):
    with pytest.raises(GLib.Error) as excinfo:
        ua.set_credentials(None, "a\nb", "x")
    assert excinfo.value.matches(Sip.error_quark(), Sip.Error.INVALID_ARGUMENT)
    # Written escaped into the header (tests/test-auth.c checks the wire).
    for name in ("a:b", 'a"b', "a\\b"):
        assert Sip.Auth.check_username(name)
        assert ua.set_credentials(None, name, "x")
    assert ua.set_credentials("sipctx.test", USERNAME, PASSWORD)
    ua.remove_credentials("sipctx.test")
