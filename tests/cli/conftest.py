# conftest.py: the sipctx tool as a child process of a test
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every test starts its own processes (sipctx, sipp) on 127.0.0.1 and
# stops each of them by its PID when it ends, whatever happened. Waits are
# bounded (generous bounds: the tests must not depend on speed) and
# nothing is measured. meson sets SIPCTX to the sipctx in the build tree
# and SIPP_SCENARIOS to tests/sipp.

import fcntl
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import termios
import threading
import time

import pytest

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
SIPCTX = os.environ.get("SIPCTX") or os.path.join(HERE, "..", "..", "_build", "tools", "sipctx")
SCENARIOS = os.environ.get("SIPP_SCENARIOS") or os.path.join(HERE, "..", "sipp")

# How long a test waits for anything (a line, an exit).
WAIT_S = 20
# sipp quits with a failure after this (-timeout with -timeout_error).
SIPP_TIMEOUT = "15s"


class Process:
    """A child process whose output lines are collected by a thread."""

    def __init__(self, args, env=None, name=None, terminal=None):
        self.args = args
        self.name = name or os.path.basename(args[0])
        self.lines = []
        self.stderr_lines = []
        self._queue = queue.Queue()
        self._cond = threading.Condition()
        # TERMINAL: the slave side of a pty, to be the standard input and
        # the controlling terminal (/dev/tty) of the process.
        preexec = None
        if terminal is not None:
            def preexec():
                os.setsid()
                fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        self.proc = subprocess.Popen(
            args, stdin=terminal if terminal is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
            encoding="utf-8", errors="replace", preexec_fn=preexec)
        self.pid = self.proc.pid
        self._threads = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.lines), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.stderr_lines), daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _read(self, stream, lines):
        for line in stream:
            with self._cond:
                lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_line(self, pattern, timeout=WAIT_S, start=0):
        """Waits for a line of standard output matching the regular
        expression PATTERN; returns the match. Fails the test if the
        process exits or the time runs out first."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self.lines[start:]:
                    m = regex.search(line)
                    if m:
                        return m
                if self.proc.poll() is not None and not any(t.is_alive() for t in self._threads[:1]):
                    pytest.fail("%s exited (status %s) before printing /%s/:\n%s"
                                % (self.name, self.proc.returncode, pattern, self.transcript()))
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail("%s did not print /%s/ within %d s:\n%s"
                                % (self.name, pattern, timeout, self.transcript()))
                self._cond.wait(min(left, 0.2))

    def wait(self, timeout=WAIT_S):
        """Waits for the process to exit by itself; returns its status.
        Fails the test (after stopping it) if it does not."""
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail("%s did not exit within %d s:\n%s" % (self.name, timeout, self.transcript()))
        for t in self._threads:
            t.join(5)
        return status

    def signal(self, signum):
        if self.proc.poll() is None:
            os.kill(self.pid, signum)

    def stop(self):
        """Stops the process by its PID: SIGTERM, then SIGKILL."""
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait()
        for t in self._threads:
            t.join(5)

    def output(self):
        with self._cond:
            return list(self.lines)

    def events(self):
        """The standard output of a --json run, parsed: one object a line."""
        events = []
        for line in self.output():
            try:
                events.append(json.loads(line))
            except ValueError as e:
                pytest.fail("%s printed a line that is not JSON (%s): %r\n%s"
                            % (self.name, e, line, self.transcript()))
        return events

    def transcript(self):
        with self._cond:
            return ("---- %s %s (pid %d) ----\n%s\n---- stderr ----\n%s\n----"
                    % (self.name, " ".join(self.args[1:]), self.pid,
                       "\n".join(self.lines), "\n".join(self.stderr_lines)))


class Sipp(Process):
    """sipp with a scenario of tests/sipp on 127.0.0.1 and a free port."""

    def __init__(self, scenario, remote=None, service="bob", extra=()):
        self.port = free_port()
        self.tmpdir = tempfile.mkdtemp(prefix="test-cli-sipp-")
        self.error_file = os.path.join(self.tmpdir, "errors.log")
        self.message_file = os.path.join(self.tmpdir, "messages.log")
        args = ["sipp"]
        if remote:
            args.append(remote)
        args += ["-sf", os.path.join(SCENARIOS, scenario),
                 "-i", "127.0.0.1", "-p", str(self.port), "-t", "u1",
                 "-m", "1", "-nostdin",
                 "-timeout", SIPP_TIMEOUT, "-timeout_error",
                 "-max_recv_loops", "1000",
                 "-trace_err", "-error_file", self.error_file,
                 "-trace_msg", "-message_file", self.message_file]
        if remote:
            args += ["-s", service, "-r", "10"]
        args += list(extra)
        super().__init__(args, name="sipp " + scenario)
        if not remote:
            self.wait_listening()

    def wait_listening(self):
        """For a UAS: waits until sipp listens (from /proc/net/udp: binding
        the port ourselves could make sipp's own bind fail)."""
        local = " 0100007F:%04X " % self.port
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline and self.proc.poll() is None:
            with open("/proc/net/udp") as f:
                if local in f.read():
                    return
            time.sleep(0.02)

    @property
    def uri_host(self):
        return "127.0.0.1:%d" % self.port

    def traces(self):
        text = []
        for path in (self.error_file, self.message_file):
            try:
                with open(path, errors="replace") as f:
                    text.append("---- %s ----\n%s" % (os.path.basename(path), f.read()))
            except OSError:
                pass
        return "\n".join(text)

    def transcript(self):
        return super().transcript() + "\n" + self.traces()

    def stop(self):
        super().stop()
        shutil.rmtree(self.tmpdir, ignore_errors=True)


def free_port():
    """A port free on 127.0.0.1 for both UDP and TCP, for a peer that
    cannot pick its own."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port")


class Runner:
    """Starts sipctx and sipp for one test, and stops every one of them
    by its PID at the end."""

    def __init__(self):
        self.processes = []

    def sipctx(self, *args, env=None, name=None, terminal=None):
        full_env = dict(os.environ)
        full_env.pop("SIPCTX_PASSWORD", None)
        if env:
            full_env.update(env)
        p = Process([SIPCTX] + [str(a) for a in args], env=full_env, terminal=terminal,
                    name=name or "sipctx " + next((a for a in args if not str(a).startswith("-")), ""))
        self.processes.append(p)
        return p

    def run(self, *args, env=None, timeout=WAIT_S):
        """Runs sipctx to its end; returns (status, process)."""
        p = self.sipctx(*args, env=env)
        return p.wait(timeout), p

    def listen(self, *args, user="bob", json_output=False):
        """sipctx listen on a free port; returns (process, URI of USER)."""
        global_args = ["--bind", "sip:127.0.0.1:0", "--aor", "sip:%s@127.0.0.1" % user]
        if json_output:
            global_args.append("--json")
        p = self.sipctx(*global_args, "listen", *args, name="sipctx listen")
        if json_output:
            m = p.wait_line(r'"event":"started".*"contact":"sip:([^"]+)"')
        else:
            m = p.wait_line(r"^started sip:(\S+) as ")
        p.wait_line(r"listening")
        return p, "sip:%s@%s" % (user, m.group(1))

    def sipp(self, scenario, remote=None, **kwargs):
        if shutil.which("sipp") is None:
            pytest.skip("sipp (Debian package sip-tester) is not installed")
        s = Sipp(scenario, remote, **kwargs)
        self.processes.append(s)
        return s

    def close(self):
        for p in self.processes:
            p.stop()


@pytest.fixture
def cli():
    if not os.access(SIPCTX, os.X_OK):
        pytest.fail("sipctx not found at %s: set SIPCTX" % SIPCTX)
    runner = Runner()
    yield runner
    runner.close()


def caller_args(*args):
    """The global options of a caller on a free port of 127.0.0.1."""
    return ["--bind", "sip:127.0.0.1:0", "--aor", "sip:alice@127.0.0.1"] + list(args)


def assert_in_order(lines, patterns):
    """Each regular expression matches a line, in this order."""
    i = 0
    for pattern in patterns:
        regex = re.compile(pattern)
        while i < len(lines) and not regex.search(lines[i]):
            i += 1
        assert i < len(lines), "no line /%s/ in order %r in:\n%s" % (pattern, patterns, "\n".join(lines))
        i += 1


def assert_exit(process, status, expected):
    assert status == expected, "%s exited %s, expected %s:\n%s" % (
        process.name, status, expected, process.transcript())
