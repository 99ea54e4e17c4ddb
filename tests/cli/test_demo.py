# test_demo.py: sipctx demo, two user agents in one process
#
# SPDX-License-Identifier: LGPL-2.1-or-later

from conftest import assert_exit, assert_in_order


def test_demo_timeline(cli):
    status, demo = cli.run("demo")

    assert_exit(demo, status, 0)
    # "  1.234 alice: ..." without the time.
    lines = [line.split(None, 1)[1] for line in demo.output()]
    assert_in_order(lines, [
        r"^alice: started sip:127\.0\.0\.1:\d+ as sip:alice@127\.0\.0\.1$",
        r"^bob: started sip:127\.0\.0\.1:\d+ as sip:bob@127\.0\.0\.1$",
        r"^alice: calling #1 sip:bob@127\.0\.0\.1:\d+$",
        r'^bob: incoming-call #2 from "Alice" <sip:alice@127\.0\.0\.1>$',
        r"^bob: progress #2 180 Ringing$",
        r"^alice: progress #1 180 Ringing$",
        r"^alice: accepted #1 200 OK$",
        r"^alice: state #1 established$",
        r"^bob: dtmf #2 4 100 ms$",
        r"^bob: dtmf #2 2 100 ms$",
        r"^bob: dtmf #2 # 100 ms$",
        r"^bob: remote-hold #2 on$",
        r"^bob: remote-hold #2 off$",
        r'^bob: incoming-message #4 from "Alice" <sip:alice@127\.0\.0\.1> "Hello Bob, can you read me\?"$',
        r"^alice: accepted #3 200 OK$",
        r'^alice: incoming-message #6 from "Bob" <sip:bob@127\.0\.0\.1> "Hi Alice, loud and clear\."$',
        r"^bob: accepted #5 200 OK$",
        r"^alice: bye #1 from the peer$",
        r"^alice: terminated #1 bye$",
        r"^bob: terminated #2 bye$",
        r"^alice: stopped$",
        r"^bob: stopped$",
        r"^result success: ",
    ])
    # A timeline: each plain line starts with the seconds since the start.
    times = [float(line.split()[0]) for line in demo.output()]
    assert times == sorted(times)


def test_demo_json(cli):
    status, demo = cli.run("--json", "demo")

    assert_exit(demo, status, 0)
    events = demo.events()
    assert {e.get("agent") for e in events} == {"alice", "bob", None}
    assert [e["tone"] for e in events if e["event"] == "dtmf"] == ["4", "2", "#"]
    assert [e["hold"] for e in events if e["event"] == "remote-hold"] == [True, False]
    assert events[-1] == {**events[-1], "event": "result", "success": True,
                          "dtmf-received": 3, "messages-delivered": 2}
