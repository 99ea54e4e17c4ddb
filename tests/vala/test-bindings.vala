/* test-bindings.vala: a message and a call between two user agents, from
 * Vala through the generated sipctx-1.vapi
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The same scenario as tests/python/test_message.py and test_call.py:
 * signals with their arguments, option objects built with properties,
 * errors in the Sip.Error domain, the calls list model. Prints TAP.
 */

const string TEXT = "Hello from Vala";

/* Generous bound for anything that goes over loopback: the tests must not
 * depend on speed, but no loop may run forever. */
const uint WAIT_TIMEOUT_MS = 10000;

delegate bool Condition ();

/* Runs the default main context until @condition holds; fails the test if
 * it does not hold within WAIT_TIMEOUT_MS. */
void wait_until (Condition condition, string what) {
    bool timed_out = false;
    uint id = Timeout.add (WAIT_TIMEOUT_MS, () => {
        timed_out = true;
        return Source.REMOVE;
    });
    while (!condition () && !timed_out)
        MainContext.default ().iteration (true);
    if (timed_out && !condition ())
        error ("timed out after %u ms waiting for %s", WAIT_TIMEOUT_MS, what);
    Source.remove (id);
}

string cause_nick (Sip.Cause cause) {
    var klass = (EnumClass) typeof (Sip.Cause).class_ref ();
    return klass.get_value (cause).value_nick;
}

/* Records the signals of a context in order, as text such as
 * "accepted 200", "rejected 486 busy", "terminated none". */
class Recorder : Object {
    public GenericArray<string> events = new GenericArray<string> ();
    public Sip.Response? last_response = null;
    public GenericArray<Sip.ContextState> states = new GenericArray<Sip.ContextState> ();
    public bool terminated = false;

    public Recorder (Sip.Context ctx) {
        ctx.progress.connect ((c, status, response) => {
            assert (response.status_code == status);
            last_response = response;
            events.add ("progress %u".printf (status));
        });
        ctx.accepted.connect ((c, status, response) => {
            assert (response.status_code == status);
            last_response = response;
            events.add ("accepted %u".printf (status));
        });
        ctx.rejected.connect ((c, status, response, cause) => {
            assert (response.status_code == status);
            last_response = response;
            events.add ("rejected %u %s".printf (status, cause_nick (cause)));
        });
        ctx.failed.connect ((c, status, response, cause) => {
            /* The response of failed is nullable: none for a timeout or a
             * stopped user agent. */
            assert (response == null || response == last_response);
            events.add ("failed %u %s".printf (status, cause_nick (cause)));
        });
        ctx.terminated.connect ((c, cause) => {
            assert (c == ctx);
            assert (c.state == Sip.ContextState.TERMINATED);
            terminated = true;
            events.add ("terminated %s".printf (cause_nick (cause)));
        });
        ctx.notify["state"].connect ((o, pspec) => {
            states.add (((Sip.Context) o).state);
        });
    }

    public string joined () {
        var text = new StringBuilder ();
        foreach (unowned string event in events)
            text.append_printf ("%s%s", text.len > 0 ? ", " : "", event);
        return text.str;
    }
}

/* Recorder plus the call signals: "bye", "cancel", "dtmf 5 160". */
class CallRecorder : Recorder {
    public CallRecorder (Sip.InviteContext call) {
        base (call);
        call.bye_received.connect ((c, request) => {
            assert_cmpstr (request.method, CompareOperator.EQ, "BYE");
            events.add ("bye");
        });
        call.cancel_received.connect (() => events.add ("cancel"));
        call.dtmf_received.connect ((c, tone, duration) => {
            events.add ("dtmf %s %u".printf (tone, duration));
        });
    }
}

/* alice and bob, both started on 127.0.0.1 with a free port. */
class Agents : Object {
    public Sip.UserAgent alice;
    public Sip.UserAgent bob;

    public Agents () {
        /* Built with properties, like every option object here. */
        alice = new Sip.UserAgent ("sip:alice@127.0.0.1") { bind_uri = "sip:127.0.0.1:0" };
        bob = (Sip.UserAgent) Object.new (typeof (Sip.UserAgent),
                                          "aor", "sip:bob@127.0.0.1",
                                          "bind-uri", "sip:127.0.0.1:0");
        try {
            assert (alice.start ());
            assert (bob.start ());
        } catch (Error e) {
            error ("start: %s", e.message);
        }
    }

    public string uri_of (Sip.UserAgent ua, string user) {
        unowned string? contact = ua.contact_uri;
        assert (contact != null && contact.has_prefix ("sip:"));
        return "sip:%s@%s".printf (user, contact.substring (4));
    }

    public string bob_uri {
        owned get { return uri_of (bob, "bob"); }
    }

    /* Stops one user agent through the async pair; it must succeed. */
    public static void stop (Sip.UserAgent ua) {
        bool done = false;
        ua.stop_async.begin (null, (o, res) => {
            try {
                assert (ua.stop_async.end (res));
            } catch (Error e) {
                error ("stop: %s", e.message);
            }
            done = true;
        });
        wait_until (() => done, "the user agent to stop");
        assert (!ua.running);
        assert (ua.contact_uri == null);
    }

    public void stop_all () {
        foreach (var ua in new Sip.UserAgent[] { alice, bob })
            if (ua.running)
                stop (ua);
    }
}

void assert_sip_error (Error e, int code) {
    assert (e.domain == Sip.Error.quark ());
    assert_cmpstr (e.domain.to_string (), CompareOperator.EQ, "sip-error-quark");
    assert_cmpint (e.code, CompareOperator.EQ, code);
    assert (e.matches (Sip.Error.quark (), code));
}

void test_message_accepted () {
    var agents = new Agents ();
    Sip.MessageServerContext? received = null;
    string? received_text = null;
    string? received_header = null;

    agents.bob.message_received.connect ((ua, ctx) => {
        assert (ua == agents.bob);
        assert (ctx is Sip.ServerContext && ctx is Sip.MessageContext);
        assert (ctx.state == Sip.ContextState.RECEIVED);
        received = ctx;
        received_text = ctx.text;
        received_header = ctx.request.get_header ("X-Test");
        assert_cmpstr (ctx.remote_identity.get_uri (), CompareOperator.EQ, "sip:alice@127.0.0.1");
        assert_cmpstr (ctx.method, CompareOperator.EQ, "MESSAGE");
        assert (ctx.content_type.has_prefix ("text/plain"));
        try {
            assert (ctx.accept (new Sip.ReplyOptions (200) { reason_phrase = "Delivered" }));
        } catch (Error e) {
            error ("accept: %s", e.message);
        }
        assert (ctx.is_answered ());
    });

    var options = new Sip.RequestOptions () { extra_headers = { "X-Test: vala" } };
    assert (options.extra_headers.length == 1);
    Sip.MessageClientContext ctx;
    try {
        ctx = agents.alice.message (agents.bob_uri, TEXT, null, options);
    } catch (Error e) {
        error ("message: %s", e.message);
    }
    assert_cmpstr (ctx.target, CompareOperator.EQ, agents.bob_uri);
    var rec = new Recorder (ctx);

    wait_until (() => rec.terminated, "alice's context to terminate");

    assert_cmpstr (rec.joined (), CompareOperator.EQ, "accepted 200, terminated none");
    assert (rec.last_response == ctx.response);
    assert_cmpuint (ctx.response.status_code, CompareOperator.EQ, 200);
    assert_cmpstr (ctx.response.reason_phrase, CompareOperator.EQ, "Delivered");
    assert (ctx.state == Sip.ContextState.TERMINATED);
    assert (ctx.cause == Sip.Cause.NONE);
    assert (rec.states.length > 0);
    assert (rec.states[rec.states.length - 1] == Sip.ContextState.TERMINATED);
    for (uint i = 1; i < rec.states.length; i++)
        assert (rec.states[i - 1] < rec.states[i]);

    assert (received != null);
    assert_cmpstr (received_text, CompareOperator.EQ, TEXT);
    assert_cmpstr (received_header, CompareOperator.EQ, "vala");
    assert_cmpstr (received.local_identity.get_uri (), CompareOperator.EQ, agents.bob_uri);

    agents.stop_all ();
}

void test_message_rejected () {
    var agents = new Agents ();
    Recorder? server_rec = null;

    var options = new Sip.ReplyOptions (486) {
        reason_phrase = "Busy Here",
        extra_headers = { "X-Why: busy" }
    };
    assert_cmpuint (options.status_code, CompareOperator.EQ, 486);

    agents.bob.message_received.connect ((ua, ctx) => {
        server_rec = new Recorder (ctx);
        try {
            assert (ctx.reject (options));
        } catch (Error e) {
            error ("reject: %s", e.message);
        }
    });

    Sip.MessageClientContext ctx;
    try {
        ctx = agents.alice.message (agents.bob_uri, TEXT, "text/plain", null);
    } catch (Error e) {
        error ("message: %s", e.message);
    }
    var rec = new Recorder (ctx);
    wait_until (() => rec.terminated, "alice's context to terminate");

    assert_cmpstr (rec.joined (), CompareOperator.EQ,
                   "rejected 486 busy, failed 486 busy, terminated busy");
    assert_cmpstr (rec.last_response.reason_phrase, CompareOperator.EQ, "Busy Here");
    assert_cmpstr (rec.last_response.get_header ("X-Why"), CompareOperator.EQ, "busy");
    assert (rec.last_response.get_header ("X-Not-There") == null);
    string[] values = rec.last_response.get_header_values ("X-Why");
    assert (values.length == 1 && values[0] == "busy");
    assert (ctx.cause == Sip.Cause.BUSY);

    assert (server_rec != null);
    assert_cmpstr (server_rec.joined (), CompareOperator.EQ,
                   "rejected 486 busy, failed 486 busy, terminated busy");

    agents.stop_all ();
}

void test_errors () {
    var agents = new Agents ();
    int answered = 0;
    int received = 0;

    agents.bob.message_received.connect ((ua, ctx) => {
        received++;
        try {
            assert (ctx.accept (null));
        } catch (Error e) {
            error ("accept: %s", e.message);
        }
        try {
            ctx.accept (null);
            assert_not_reached ();
        } catch (Sip.Error.INVALID_STATE e) {
            assert_sip_error (e, Sip.Error.INVALID_STATE);
            answered++;
        } catch (Error e) {
            error ("unexpected error: %s", e.message);
        }
    });

    try {
        agents.alice.message ("not a uri", TEXT, null, null);
        assert_not_reached ();
    } catch (Sip.Error.INVALID_ARGUMENT e) {
        assert_sip_error (e, Sip.Error.INVALID_ARGUMENT);
    } catch (Error e) {
        error ("unexpected error: %s", e.message);
    }

    try {
        var bad = new Sip.RequestOptions () { extra_headers = { "X-Bad: a\r\nInjected: 1" } };
        agents.alice.message (agents.bob_uri, TEXT, null, bad);
        assert_not_reached ();
    } catch (Error e) {
        assert_sip_error (e, Sip.Error.INVALID_ARGUMENT);
    }

    try {
        new Sip.NameAddr (null, "mailto:bob@example.org");
        assert_not_reached ();
    } catch (Error e) {
        assert_sip_error (e, Sip.Error.INVALID_ARGUMENT);
    }

    try {
        var ctx = agents.alice.message (agents.bob_uri, TEXT, null, null);
        var rec = new Recorder (ctx);
        wait_until (() => rec.terminated, "alice's context to terminate");
        /* The second accept sent nothing. */
        assert_cmpstr (rec.joined (), CompareOperator.EQ, "accepted 200, terminated none");
    } catch (Error e) {
        error ("message: %s", e.message);
    }
    assert_cmpint (received, CompareOperator.EQ, 1);
    assert_cmpint (answered, CompareOperator.EQ, 1);

    agents.stop_all ();
}

void test_call () {
    var agents = new Agents ();
    Sip.InviteServerContext? bob_call = null;
    CallRecorder? bob_rec = null;
    var changes = new GenericArray<string> ();

    agents.bob.invite_received.connect ((ua, call) => {
        assert (call is Sip.InviteContext);
        assert (call.state == Sip.ContextState.RECEIVED);
        assert ("m=audio" in call.remote_sdp);
        assert (!call.is_outgoing ());
        bob_call = call;
        bob_rec = new CallRecorder (call);
        try {
            assert (call.progress (new Sip.ReplyOptions (180)));
            assert (call.accept (null));
        } catch (Error e) {
            error ("answer: %s", e.message);
        }
    });

    /* The calls list model: its items are Sip.InviteContext. */
    unowned ListModel calls = agents.alice.get_calls ();
    assert (calls == agents.alice.calls);
    assert (calls.get_item_type () == typeof (Sip.InviteContext));
    calls.items_changed.connect ((position, removed, added) => {
        changes.add ("%u %u %u".printf (position, removed, added));
    });

    Sip.InviteClientContext call;
    try {
        call = agents.alice.invite (agents.bob_uri, null);
    } catch (Error e) {
        error ("invite: %s", e.message);
    }
    assert (call.is_outgoing ());
    var rec = new CallRecorder (call);
    assert_cmpuint (calls.get_n_items (), CompareOperator.EQ, 1);
    assert (calls.get_item (0) == call);

    wait_until (() => call.state == Sip.ContextState.ESTABLISHED && bob_call != null &&
                      bob_call.state == Sip.ContextState.ESTABLISHED,
                "the call to be established");
    assert_cmpstr (rec.joined (), CompareOperator.EQ, "progress 180, accepted 200");
    assert_cmpstr (call.remote_media_codec, CompareOperator.EQ, "PCMU/8000");
    assert_cmpuint (call.remote_media_port, CompareOperator.EQ, 9);
    assert (call.start_time != null);
    assert (agents.bob.calls.get_item (0) == bob_call);

    /* Errors are Sip.Error. */
    try {
        call.dtmf ("12x", 0, 0);
        assert_not_reached ();
    } catch (Error e) {
        assert_sip_error (e, Sip.Error.INVALID_ARGUMENT);
    }
    try {
        call.cancel (null);
        assert_not_reached ();
    } catch (Error e) {
        assert_sip_error (e, Sip.Error.INVALID_STATE);
    }

    /* Hold through the async pair. */
    bool? held = null;
    call.hold_async.begin (null, (o, res) => {
        try {
            held = call.hold_async.end (res);
        } catch (Error e) {
            error ("hold: %s", e.message);
        }
    });
    wait_until (() => held != null, "hold to finish");
    assert (held == true);
    assert (call.local_hold);
    wait_until (() => bob_call.remote_hold, "bob to see the hold");

    try {
        assert (call.dtmf ("5", 160, 50));
    } catch (Error e) {
        error ("dtmf: %s", e.message);
    }
    wait_until (() => "dtmf 5 160" in bob_rec.joined (), "the tone");

    try {
        assert (call.bye (null));
    } catch (Error e) {
        error ("bye: %s", e.message);
    }
    wait_until (() => rec.terminated && bob_rec.terminated, "the end of the call");
    assert_cmpstr (rec.joined (), CompareOperator.EQ,
                   "progress 180, accepted 200, terminated bye");
    assert_cmpstr (bob_rec.joined (), CompareOperator.EQ,
                   "progress 180, accepted 200, dtmf 5 160, bye, terminated bye");
    assert (call.cause == Sip.Cause.BYE);
    assert_cmpuint (calls.get_n_items (), CompareOperator.EQ, 0);
    assert_cmpuint (changes.length, CompareOperator.EQ, 2);
    assert_cmpstr (changes[0], CompareOperator.EQ, "0 0 1");
    assert_cmpstr (changes[1], CompareOperator.EQ, "0 1 0");

    agents.stop_all ();
}

void test_call_rejected () {
    var agents = new Agents ();

    agents.bob.invite_received.connect ((ua, call) => {
        try {
            assert (call.reject (new Sip.ReplyOptions (486)));
        } catch (Error e) {
            error ("reject: %s", e.message);
        }
    });

    try {
        var call = agents.alice.invite (agents.bob_uri, null);
        var rec = new CallRecorder (call);
        wait_until (() => rec.terminated, "the call to fail");
        assert_cmpstr (rec.joined (), CompareOperator.EQ,
                       "rejected 486 busy, failed 486 busy, terminated busy");
        assert_cmpstr (rec.last_response.reason_phrase, CompareOperator.EQ, "Busy Here");
    } catch (Error e) {
        error ("invite: %s", e.message);
    }
    assert_cmpuint (agents.alice.calls.get_n_items (), CompareOperator.EQ, 0);

    agents.stop_all ();
}

int main (string[] args) {
    Test.init (ref args);
    Test.add_func ("/vala/message/accepted", test_message_accepted);
    Test.add_func ("/vala/message/rejected", test_message_rejected);
    Test.add_func ("/vala/errors", test_errors);
    Test.add_func ("/vala/call/answered", test_call);
    Test.add_func ("/vala/call/rejected", test_call_rejected);
    return Test.run ();
}
