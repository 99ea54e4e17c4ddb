// test-call.js: calls between two user agents, through the typelib
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The same scenario as tests/python/test_call.py, from GJS.

import GLib from 'gi://GLib';
import Sip from 'gi://Sip?version=1.0';

import {
    Recorder, assert, assertEqual, assertSipError, guard, run, startAgents,
    stopAgents, waitFor,
} from './harness.js';

// Recorder plus the call signals: "bye", "cancel", "dtmf 5 160".
class CallRecorder extends Recorder {
    constructor(call) {
        super(call);
        call.connect('bye', guard((c, request) => {
            assert(request instanceof Sip.Request, 'bye without a request');
            assertEqual(request.method, 'BYE', 'method of the bye');
            this.events.push('bye');
        }));
        call.connect('cancel', guard(() => this.events.push('cancel')));
        call.connect('dtmf', guard((c, tone, duration) => this.events.push(`dtmf ${tone} ${duration}`)));
        // [old, new] at each state-changed, the new state read from the property
        this.transitions = [];
        call.connect('state-changed', guard((c, oldState) => this.transitions.push([oldState, c.state])));
        // [local-hold, remote-hold] at each media-changed
        this.holds = [];
        call.connect('media-changed', guard(c => this.holds.push([c.local_hold, c.remote_hold])));
    }
}

async function testCallAnsweredHeldAndHungUp() {
    const {alice, bob, bobUri} = startAgents();
    const incoming = [];
    const changes = [];

    bob.connect('invite', guard((ua, call) => {
        assert(call instanceof Sip.InviteServerContext, 'not an InviteServerContext');
        assert(call instanceof Sip.InviteContext, 'not an InviteContext');
        assertEqual(call.state, Sip.ContextState.RECEIVED, 'state on arrival');
        assert(call.remote_sdp.includes('m=audio'), 'no audio in the offer');
        assert(!call.is_outgoing(), 'incoming call says outgoing');
        incoming.push({call, rec: new CallRecorder(call)});
        // Option objects are built with properties.
        assert(call.progress(new Sip.ReplyOptions({status_code: 180})), 'progress');
        assert(call.accept(null), 'accept');
    }));

    // The calls list model: items are Sip.InviteContext.
    const calls = alice.get_calls();
    assert(calls === alice.calls, 'calls property');
    assertEqual(calls.get_item_type().name, 'SipInviteContext', 'item type of the calls');
    calls.connect('items-changed', guard((model, position, removed, added) =>
        changes.push([position, removed, added])));

    const call = alice.invite(bobUri, null);
    assert(call instanceof Sip.InviteClientContext, 'not an InviteClientContext');
    assert(call.is_outgoing(), 'outgoing call says incoming');
    const rec = new CallRecorder(call);
    assertEqual(calls.get_n_items(), 1, 'calls after invite');
    assert(calls.get_item(0) === call, 'the listed call is not the one placed');

    await waitFor(() => call.state === Sip.ContextState.ESTABLISHED && incoming.length === 1 &&
        incoming[0].call.state === Sip.ContextState.ESTABLISHED, 'the call to be established');
    const {call: bobCall, rec: bobRec} = incoming[0];
    assertEqual(rec.events, ['progress 180', 'accepted 200'], 'caller signals');
    assertEqual(rec.responses.progress.status_code, 180, 'progress response');
    assertEqual(rec.responses.accepted.reason_phrase, 'OK', 'accepted response');
    assertEqual(call.remote_media_codec, 'PCMU/8000', 'codec');
    assertEqual(call.remote_media_port, 9, 'media port');
    assert(call.start_time instanceof GLib.DateTime, 'start time');
    assertEqual(bob.calls.get_n_items(), 1, "bob's calls");
    assert(bob.calls.get_item(0) === bobCall, "bob's listed call");

    // Errors are GLib.Error in the Sip error domain.
    assertSipError(() => call.dtmf('12x', 0, 0), Sip.Error.INVALID_ARGUMENT, 'a bad tone');
    assertSipError(() => call.cancel(null), Sip.Error.INVALID_STATE, 'cancel after the answer');

    // Hold through the async pair (promisified in harness.js).
    const held = await call.hold_async(null);
    assertEqual(held, true, 'hold result');
    assert(call.local_hold, 'local-hold after hold');
    await waitFor(() => bobCall.remote_hold, 'bob to see the hold');
    assertEqual(await call.unhold_async(null), true, 'unhold result');
    assert(!call.local_hold, 'local-hold after unhold');

    assert(call.dtmf('5', 160, 50), 'dtmf');
    await waitFor(() => bobRec.events.includes('dtmf 5 160'), 'the tone');

    assert(call.bye(null), 'bye');
    await waitFor(() => rec.terminated && bobRec.terminated, 'the end of the call');
    assertEqual(rec.events, ['progress 180', 'accepted 200', 'terminated bye'], 'caller signals');
    assertEqual(bobRec.events,
        ['progress 180', 'accepted 200', 'dtmf 5 160', 'bye', 'terminated bye'], 'callee signals');
    assertEqual(call.cause, Sip.Cause.BYE, 'cause');
    assertEqual(calls.get_n_items(), 0, 'calls after the end');
    assertEqual(bob.calls.get_n_items(), 0, "bob's calls after the end");
    assertEqual(changes, [[0, 0, 1], [0, 1, 0]], 'items-changed');

    // state-changed gives the state left; media-changed comes once per
    // answer, hold and unhold, with both holds already changed.
    const S = Sip.ContextState;
    assertEqual(rec.transitions, [[S.SENT, S.PROCEEDING], [S.PROCEEDING, S.ACCEPTED],
        [S.ACCEPTED, S.ESTABLISHED], [S.ESTABLISHED, S.TERMINATING],
        [S.TERMINATING, S.TERMINATED]], 'caller state changes');
    assertEqual(bobRec.transitions, [[S.RECEIVED, S.PROCEEDING], [S.PROCEEDING, S.ACCEPTED],
        [S.ACCEPTED, S.ESTABLISHED], [S.ESTABLISHED, S.TERMINATED]], 'callee state changes');
    assertEqual(rec.holds, [[false, false], [true, false], [false, false]], 'caller media changes');
    assertEqual(bobRec.holds, [[false, true], [false, false]], 'callee media changes');

    await stopAgents(alice, bob);
}

async function testCallRejectedBusy() {
    const {alice, bob, bobUri} = startAgents();
    let refused = null;

    bob.connect('invite', guard((ua, call) => {
        assert(call.reject(new Sip.ReplyOptions({status_code: 486})), 'reject');
        refused = assertSipError(() => call.accept(null), Sip.Error.INVALID_STATE,
            'accept after reject');
    }));

    const call = alice.invite(bobUri, null);
    const rec = new CallRecorder(call);
    await waitFor(() => rec.terminated, 'the call to fail');
    assert(refused !== null, "bob's handler did not run");
    assertEqual(rec.events, ['rejected 486 busy', 'failed 486 busy', 'terminated busy'],
        'caller signals');
    assertEqual(rec.responses.rejected.reason_phrase, 'Busy Here', 'reason phrase');
    assertEqual(alice.calls.get_n_items(), 0, 'calls after the end');

    await stopAgents(alice, bob);
}

async function testCallCancelled() {
    const {alice, bob, bobUri} = startAgents();
    const incoming = [];

    // Bob lets it ring: 180 only.
    bob.connect('invite', guard((ua, call) => {
        incoming.push(new CallRecorder(call));
        assert(call.progress(null), 'progress');
    }));

    const call = alice.invite(bobUri, null);
    const rec = new CallRecorder(call);
    await waitFor(() => rec.events.includes('progress 180'), 'the call to ring');
    assert(call.cancel(null), 'cancel');
    await waitFor(() => rec.terminated && incoming.length === 1 && incoming[0].terminated,
        'both sides to end');
    assertEqual(rec.events,
        ['progress 180', 'rejected 487 canceled', 'failed 487 canceled', 'terminated canceled'],
        'caller signals');
    assertEqual(incoming[0].events,
        ['progress 180', 'cancel', 'rejected 487 canceled', 'failed 487 canceled',
            'terminated canceled'], 'callee signals');

    await stopAgents(alice, bob);
}

async function testInviteBadTarget() {
    const {alice, bob} = startAgents();
    assertSipError(() => alice.invite('not a uri', null), Sip.Error.INVALID_ARGUMENT,
        'a malformed target');
    assertEqual(alice.calls.get_n_items(), 0, 'calls after a refused invite');
    await stopAgents(alice, bob);
}

run([
    testCallAnsweredHeldAndHungUp,
    testCallRejectedBusy,
    testCallCancelled,
    testInviteBadTarget,
]);
