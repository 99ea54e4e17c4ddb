// test-message.js: MESSAGE between two user agents, through the typelib
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The same scenario as tests/python/test_message.py, from GJS.

import GLib from 'gi://GLib';
import Sip from 'gi://Sip?version=1.0';

import {
    Recorder, assert, assertEqual, assertSipError, guard, run, spin,
    startAgents, stopAgents, waitFor,
} from './harness.js';

const TEXT = 'Hello from GJS';

async function testMessageAccepted() {
    const {alice, bob, bobUri} = startAgents();
    const received = [];

    bob.connect('message', guard((ua, ctx) => {
        assert(ua === bob, 'message: wrong user agent');
        assert(ctx instanceof Sip.MessageServerContext, 'not a MessageServerContext');
        assert(ctx instanceof Sip.ServerContext, 'not a ServerContext');
        assert(ctx instanceof Sip.MessageContext, 'not a MessageContext');
        assertEqual(ctx.state, Sip.ContextState.RECEIVED, 'state on arrival');
        received.push({
            text: ctx.get_text(),
            textProp: ctx.text,
            body: new TextDecoder().decode(ctx.get_body().get_data()),
            method: ctx.method,
            remote: ctx.remote_identity.get_uri(),
            local: ctx.get_local_identity().get_uri(),
            requestUri: ctx.request.request_uri,
            header: ctx.request.get_header('X-Test'),
            values: ctx.request.get_header_values('X-Test'),
            contentType: ctx.content_type,
        });
        // An option object built with properties.
        const options = new Sip.ReplyOptions({status_code: 200, reason_phrase: 'Delivered'});
        assert(ctx.accept(options), 'accept returned false');
        assert(ctx.is_answered(), 'not answered after accept');
        assertEqual(ctx.state, Sip.ContextState.TERMINATED, 'state after accept');
    }));

    const options = new Sip.RequestOptions({extra_headers: ['X-Test: gjs']});
    assertEqual(options.extra_headers, ['X-Test: gjs'], 'extra-headers property');
    const ctx = alice.message(bobUri, TEXT, null, options);
    assert(ctx instanceof Sip.MessageClientContext, 'not a MessageClientContext');
    assertEqual(ctx.target, bobUri, 'target');
    const rec = new Recorder(ctx);

    await waitFor(() => rec.terminated, "alice's context to terminate");

    assertEqual(rec.events, ['accepted 200', 'terminated none'], 'client signals');
    const response = rec.responses.accepted;
    assertEqual(response.status_code, 200, 'status code');
    assertEqual(response.get_reason_phrase(), 'Delivered', 'reason phrase');
    assert(ctx.response === response, 'context response is not the one signalled');
    assertEqual(ctx.state, Sip.ContextState.TERMINATED, 'final state');
    assertEqual(ctx.cause, Sip.Cause.NONE, 'cause');
    assert(ctx.is_terminated(), 'is_terminated');
    assertEqual(rec.states[rec.states.length - 1], Sip.ContextState.TERMINATED, 'last state notified');
    assert(rec.states.includes(Sip.ContextState.ACCEPTED), 'ACCEPTED never notified');
    assertEqual(rec.states, [...rec.states].sort((a, b) => a - b), 'states in order');

    assertEqual(received.length, 1, 'messages received');
    assertEqual(received[0], {
        text: TEXT,
        textProp: TEXT,
        body: TEXT,
        method: 'MESSAGE',
        remote: 'sip:alice@127.0.0.1',
        local: bobUri,
        requestUri: bobUri,
        header: 'gjs',
        values: ['gjs'],
        contentType: 'text/plain',
    }, 'what bob received');

    await stopAgents(alice, bob);
}

async function testMessageRejectedWithReplyOptions() {
    const {alice, bob, bobUri} = startAgents();
    const serverRecs = [];

    const options = new Sip.ReplyOptions({
        status_code: 486,
        reason_phrase: 'Busy Here',
        extra_headers: ['X-Why: busy'],
    });
    assertEqual(options.get_status_code(), 486, 'status-code property');
    assertEqual(options.reason_phrase, 'Busy Here', 'reason-phrase property');
    assertEqual(options.get_extra_headers(), ['X-Why: busy'], 'extra headers');

    bob.connect('message', guard((ua, ctx) => {
        serverRecs.push(new Recorder(ctx));
        assert(ctx.reject(options), 'reject returned false');
    }));

    const ctx = alice.message(bobUri, TEXT, 'text/plain', null);
    const rec = new Recorder(ctx);
    await waitFor(() => rec.terminated, "alice's context to terminate");

    assertEqual(rec.events, ['rejected 486 busy', 'failed 486 busy', 'terminated busy'],
        'client signals');
    assertEqual(rec.causes.rejected, Sip.Cause.BUSY, 'rejected cause');
    const response = rec.responses.rejected;
    assert(rec.responses.failed === response, 'failed carries another response');
    assertEqual(response.status_code, 486, 'status code');
    assertEqual(response.reason_phrase, 'Busy Here', 'reason phrase');
    assertEqual(response.get_header('X-Why'), 'busy', 'X-Why');
    assertEqual(response.get_header('X-Not-There'), null, 'absent header');
    assert(response.get_header_names().includes('X-Why'), 'X-Why not among the header names');
    assertEqual(ctx.cause, Sip.Cause.BUSY, 'cause property');

    // Bob's side emitted the same signals for the response it sent.
    assertEqual(serverRecs.length, 1, 'messages received');
    assertEqual(serverRecs[0].events, ['rejected 486 busy', 'failed 486 busy', 'terminated busy'],
        'server signals');
    assertEqual(serverRecs[0].responses.rejected.get_header('X-Why'), 'busy', 'sent X-Why');

    await stopAgents(alice, bob);
}

async function testErrors() {
    const {alice, bob, bobUri} = startAgents();
    const received = [];
    const outcome = {};

    bob.connect('message', guard((ua, ctx) => {
        received.push(ctx);
        assert(ctx.accept(null), 'first accept');
        outcome.again = assertSipError(() => ctx.accept(null), Sip.Error.INVALID_STATE,
            'a second accept');
        outcome.reject = assertSipError(() => ctx.reject(null), Sip.Error.INVALID_STATE,
            'reject after accept');
    }));

    assertSipError(() => alice.message('not a uri', TEXT, null, null),
        Sip.Error.INVALID_ARGUMENT, 'a malformed target');
    const bad = new Sip.RequestOptions({extra_headers: ['X-Bad: a\r\nInjected: 1']});
    assertSipError(() => alice.message(bobUri, TEXT, null, bad),
        Sip.Error.INVALID_ARGUMENT, 'a header with CR LF');
    assertSipError(() => Sip.NameAddr.new(null, 'mailto:bob@example.org'),
        Sip.Error.INVALID_ARGUMENT, 'a name-addr without a SIP URI');
    await spin(200);
    assertEqual(received.length, 0, 'a MESSAGE was sent after an error');

    const ctx = alice.message(bobUri, TEXT, null, null);
    const rec = new Recorder(ctx);
    await waitFor(() => rec.terminated, "alice's context to terminate");
    assert('again' in outcome && 'reject' in outcome, "bob's handler did not run");
    // The second accept sent nothing.
    assertEqual(rec.events, ['accepted 200', 'terminated none'], 'client signals');

    await stopAgents(alice, bob);
}

async function testFailedWithoutResponse() {
    const {alice, bob, bobUri} = startAgents();
    const held = [];

    // Holding the context keeps it unanswered.
    bob.connect('message', guard((ua, ctx) => held.push({ctx, rec: new Recorder(ctx)})));
    const ctx = alice.message(bobUri, TEXT, null, null);
    const rec = new Recorder(ctx);
    await waitFor(() => held.length === 1, 'bob to receive the MESSAGE');

    // Alice stops first: her context fails with no response at all.
    await stopAgents(alice);
    assertEqual(rec.events, ['failed 0 stopped', 'terminated stopped'], 'client signals');
    assertEqual(rec.responses.failed, null, 'failed response');
    assertEqual(ctx.response, null, 'response property');
    assertEqual(alice.contact_uri, null, 'contact URI of a stopped user agent');

    // Bob answers the MESSAGE he still holds with 480 when he stops.
    await stopAgents(bob);
    assertEqual(held[0].rec.events,
        ['rejected 480 stopped', 'failed 480 stopped', 'terminated stopped'], 'server signals');
    assertEqual(held[0].rec.responses.rejected.status_code, 480, 'status sent');
    assertEqual(held[0].ctx.cause, Sip.Cause.STOPPED, 'cause of the held context');
}

async function testNameAddr() {
    const addr = Sip.NameAddr.parse('"Carol" <sip:carol@example.org>;tag=abc');
    assertEqual([addr.get_display_name(), addr.get_uri(), addr.get_user(), addr.get_host(), addr.get_tag()],
        ['Carol', 'sip:carol@example.org', 'carol', 'example.org', 'abc'], 'parsed name-addr');
    const made = Sip.NameAddr.new('Carol', 'sip:carol@example.org');
    assert(made.equal_uri(addr), 'equal_uri');
    assertEqual(made.to_string(), 'Carol <sip:carol@example.org>', 'to_string');
    assertEqual(Sip.get_reason_phrase(486), 'Busy Here', 'reason phrase of 486');
    assertEqual(Sip.Cause.from_status(404), Sip.Cause.NOT_FOUND, 'cause of 404');
    assertEqual(GLib.quark_to_string(Sip.error_quark()), 'sip-error-quark', 'error domain');
}

run([
    testMessageAccepted,
    testMessageRejectedWithReplyOptions,
    testErrors,
    testFailedWithoutResponse,
    testNameAddr,
]);
