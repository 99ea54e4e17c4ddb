# conftest.py: shared fixtures for the Python (PyGObject) tests of libsipctx
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The tests run through the typelib: meson sets GI_TYPELIB_PATH and
# LD_LIBRARY_PATH to the build directory of libsipctx.  Run them with
# Debian's /usr/bin/python3, which has PyGObject (python3-gi).

import functools
import sys
import traceback

import gi
import pytest

gi.require_version("GLib", "2.0")
gi.require_version("Sip", "1.0")
from gi.repository import GLib, Sip  # noqa: E402

# meson also sets PYTHONDONTWRITEBYTECODE=1; this covers running pytest by
# hand (it keeps assertion rewriting from writing __pycache__ for the tests).
sys.dont_write_bytecode = True

# Generous bound for anything that goes over loopback: the tests must not
# depend on speed, but no loop may run forever.
DEFAULT_TIMEOUT_MS = 10000


class LoopRunner:
    """Runs a GLib.MainLoop on the default main context, always bounded.

    PyGObject prints and swallows exceptions raised in signal handlers and
    callbacks, so a failed assert there would not fail the test: wrap
    handlers with guard(), which records the exception; until() and the
    fixture teardown fail the test with it."""

    def __init__(self):
        self.errors = []

    def guard(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except BaseException as e:  # noqa: B902 - reported in check()
                self.errors.append((e, traceback.format_exc()))
                raise
        return wrapper

    def check(self):
        if self.errors:
            e, tb = self.errors[0]
            self.errors.clear()  # report once, not again at teardown
            pytest.fail("exception in a signal handler or callback:\n%s" % tb,
                        pytrace=False)

    def until(self, condition, timeout_ms=DEFAULT_TIMEOUT_MS, what=None):
        """Runs the main loop until condition() holds; fails the test if it
        does not hold after timeout_ms, or if a guarded handler raised."""
        self.check()
        if condition():
            return
        loop = GLib.MainLoop.new(None, False)
        state = {"timed_out": False}

        def check():
            if self.errors or condition():
                loop.quit()
                return GLib.SOURCE_REMOVE
            return GLib.SOURCE_CONTINUE

        def on_timeout():
            state["timed_out"] = True
            loop.quit()
            return GLib.SOURCE_REMOVE

        # Check often: signals arrive from sofia-sip's GSource, and a cheap
        # poll is simpler than hooking every place a condition can change.
        check_id = GLib.timeout_add(5, check)
        timeout_id = GLib.timeout_add(timeout_ms, on_timeout)
        try:
            loop.run()
        finally:
            for source_id in (check_id, timeout_id):
                source = GLib.main_context_default().find_source_by_id(source_id)
                if source is not None and not source.is_destroyed():
                    source.destroy()

        self.check()
        if state["timed_out"] and not condition():
            pytest.fail("timed out after %d ms waiting for %s"
                        % (timeout_ms, what or getattr(condition, "__name__", "condition")))

    def spin(self, ms):
        """Runs the main loop for ms milliseconds."""
        loop = GLib.MainLoop.new(None, False)

        def on_done():
            loop.quit()
            return GLib.SOURCE_REMOVE

        GLib.timeout_add(ms, on_done)
        loop.run()
        self.check()


@pytest.fixture
def run():
    runner = LoopRunner()
    yield runner
    runner.check()


def stop_user_agents(agents, timeout_ms=DEFAULT_TIMEOUT_MS):
    """Stops every user agent with stop_async()/stop_finish() under a main
    loop guarded by a watchdog. Returns {ua: True | GLib.Error}; fails the
    test if a callback does not come in time."""
    loop = GLib.MainLoop.new(None, False)
    results = {}
    state = {"timed_out": False}

    def on_stopped(ua, result, *user_data):
        try:
            results[ua] = ua.stop_finish(result)
        except GLib.Error as e:  # SIP_ERROR_TIMEOUT: not cleanly
            results[ua] = e
        if len(results) == len(agents):
            loop.quit()

    def watchdog():
        state["timed_out"] = True
        loop.quit()
        return GLib.SOURCE_REMOVE

    for ua in agents:
        ua.stop_async(None, on_stopped)

    watchdog_id = GLib.timeout_add(timeout_ms, watchdog)
    # stop_async never completes before it returns, so the callbacks can
    # only come from this loop.
    loop.run()
    if not state["timed_out"]:
        GLib.source_remove(watchdog_id)
    else:
        pytest.fail("user agents did not stop within %d ms (%d of %d stopped)"
                    % (timeout_ms, len(results), len(agents)))
    return results


class Agents:
    """alice and bob, both started on 127.0.0.1 with a free port."""

    def __init__(self):
        self.alice = Sip.UserAgent(aor="sip:alice@127.0.0.1", bind_uri="sip:127.0.0.1:0")
        self.bob = Sip.UserAgent(aor="sip:bob@127.0.0.1", bind_uri="sip:127.0.0.1:0")
        assert self.alice.start()
        assert self.bob.start()

    def uri(self, ua, user):
        contact = ua.props.contact_uri
        assert contact is not None and contact.startswith("sip:")
        return "sip:%s@%s" % (user, contact[4:])

    @property
    def bob_uri(self):
        return self.uri(self.bob, "bob")


@pytest.fixture
def agents():
    pair = Agents()
    yield pair
    # Stop whatever the test left running; test_stop_async checks the
    # results itself, here we only make sure nothing lingers.
    running = [ua for ua in (pair.alice, pair.bob) if ua.props.running]
    if running:
        stop_user_agents(running)
