// harness.js: a tiny TAP harness for the GJS tests of libsipctx
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The tests run through the typelib from the build tree (meson sets
// GI_TYPELIB_PATH and LD_LIBRARY_PATH). Each test is an async function;
// run() runs them in order on one GLib main loop, prints TAP and exits
// non-zero if any failed or if the whole run exceeds its time bound.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Sip from 'gi://Sip?version=1.0';
import System from 'system';

// Generous bounds: nothing may depend on speed, but nothing may hang.
export const WAIT_TIMEOUT_MS = 10000;
const RUN_TIMEOUT_S = 90;

Gio._promisify(Sip.UserAgent.prototype, 'stop_async', 'stop_finish');
Gio._promisify(Sip.InviteContext.prototype, 'hold_async', 'hold_finish');
Gio._promisify(Sip.InviteContext.prototype, 'unhold_async', 'unhold_finish');

export class AssertionError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AssertionError';
    }
}

export function assert(condition, message = 'assertion failed') {
    if (!condition)
        throw new AssertionError(message);
}

function show(value) {
    return JSON.stringify(value, (k, v) => typeof v === 'bigint' ? `${v}n` : v);
}

export function assertEqual(actual, expected, what = 'value') {
    // Arrays and plain values compare by their JSON form.
    if (show(actual) !== show(expected))
        throw new AssertionError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

// Calls fn, which must throw a GLib.Error in the SIP_ERROR domain with
// this code; returns the error.
export function assertSipError(fn, code, what = 'call') {
    let error = null;
    try {
        fn();
    } catch (e) {
        error = e;
    }
    assert(error !== null, `${what}: no error thrown`);
    assert(error instanceof GLib.Error, `${what}: expected a GLib.Error, got ${error}`);
    assertEqual(error.domain, Sip.error_quark(), `${what}: error domain`);
    assertEqual(GLib.quark_to_string(error.domain), 'sip-error-quark', `${what}: domain name`);
    assert(error.matches(Sip.Error, code),
        `${what}: expected code ${code}, got ${error.code}: ${error.message}`);
    assertEqual(error.code, code, `${what}: error code`);
    return error;
}

// Exceptions thrown in signal handlers only get logged by GJS: guard()
// records them instead, so that the next wait fails the test.
const handlerErrors = [];

export function guard(fn) {
    return (...args) => {
        try {
            return fn(...args);
        } catch (e) {
            handlerErrors.push(e);
            return undefined;
        }
    };
}

function takeHandlerError() {
    const e = handlerErrors.shift();
    handlerErrors.length = 0;
    return e;
}

// Resolves once condition() holds; rejects after timeoutMs or as soon as
// a guarded handler threw.
export function waitFor(condition, what, timeoutMs = WAIT_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
        const started = GLib.get_monotonic_time();
        const check = () => {
            if (handlerErrors.length > 0) {
                reject(takeHandlerError());
                return GLib.SOURCE_REMOVE;
            }
            if (condition()) {
                resolve();
                return GLib.SOURCE_REMOVE;
            }
            if (GLib.get_monotonic_time() - started > timeoutMs * 1000) {
                reject(new AssertionError(`timed out after ${timeoutMs} ms waiting for ${what}`));
                return GLib.SOURCE_REMOVE;
            }
            return GLib.SOURCE_CONTINUE;
        };
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, 5, check);
    });
}

// Runs the main loop for ms milliseconds.
export function spin(ms) {
    return new Promise(resolve => {
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, ms, () => {
            resolve();
            return GLib.SOURCE_REMOVE;
        });
    });
}

// Records the signals of a context in order, as text such as
// "accepted 200", "rejected 486 busy", "failed 0 stopped",
// "terminated none" (the format of the C and Python tests).
export class Recorder {
    constructor(ctx) {
        this.events = [];
        this.responses = {};
        this.causes = {};
        this.states = [];
        const nick = cause => causeNick(cause);
        ctx.connect('progress', guard((c, status, response) => {
            assert(response instanceof Sip.Response, 'progress without a response');
            this.responses.progress = response;
            this.events.push(`progress ${status}`);
        }));
        ctx.connect('accepted', guard((c, status, response) => {
            assert(response instanceof Sip.Response, 'accepted without a response');
            this.responses.accepted = response;
            this.events.push(`accepted ${status}`);
        }));
        ctx.connect('rejected', guard((c, status, response, cause) => {
            assert(response instanceof Sip.Response, 'rejected without a response');
            this.responses.rejected = response;
            this.causes.rejected = cause;
            this.events.push(`rejected ${status} ${nick(cause)}`);
        }));
        ctx.connect('failed', guard((c, status, response, cause) => {
            this.responses.failed = response;
            this.causes.failed = cause;
            this.events.push(`failed ${status} ${nick(cause)}`);
        }));
        ctx.connect('terminated', guard((c, cause) => {
            assert(c === ctx, 'terminated: wrong emitter');
            this.causes.terminated = cause;
            this.events.push(`terminated ${nick(cause)}`);
        }));
        ctx.connect('notify::state', guard(c => this.states.push(c.state)));
    }

    get terminated() {
        return 'terminated' in this.causes;
    }
}

// The nick of a SipCause ("none", "busy", ...), from its registered GType.
export function causeNick(cause) {
    for (const [name, value] of Object.entries(Sip.Cause)) {
        if (value === cause)
            return name.toLowerCase().replace(/_/g, '-');
    }
    throw new AssertionError(`${cause} is not a Sip.Cause`);
}

// Every user agent a test started; run() stops those still running after
// each test, passed or failed. A running user agent must never be left to
// the garbage collector: its dispose has to spin the main loop until the
// stack has shut down, which GJS cannot allow during a collection.
const started = [];

// alice and bob, both started on 127.0.0.1 with a free port; options and
// user agents are built with properties.
export function startAgents() {
    const alice = new Sip.UserAgent({aor: 'sip:alice@127.0.0.1', bind_uri: 'sip:127.0.0.1:0'});
    const bob = new Sip.UserAgent({aor: 'sip:bob@127.0.0.1', bind_uri: 'sip:127.0.0.1:0'});
    started.push(alice, bob);
    assert(alice.start(), 'alice did not start');
    assert(bob.start(), 'bob did not start');
    return {alice, bob, bobUri: uriOf(bob, 'bob')};
}

// A URI for user at the address ua is bound to.
export function uriOf(ua, user) {
    const contact = ua.contact_uri;
    assert(contact !== null && contact.startsWith('sip:'), `no contact URI: ${contact}`);
    return `sip:${user}@${contact.slice(4)}`;
}

// Stops the user agents that still run; every stop must succeed in time.
export async function stopAgents(...agents) {
    for (const ua of agents) {
        if (!ua.running)
            continue;
        let done = null;
        ua.stop_async(null).then(ok => (done = {ok}), error => (done = {error}));
        // eslint-disable-next-line no-await-in-loop
        await waitFor(() => done !== null, 'the user agent to stop');
        if (done.error)
            throw done.error;
        assert(done.ok === true, 'stop_finish did not return true');
    }
}

// Runs the tests in order and exits: 0 if all passed.
export function run(tests) {
    const loop = new GLib.MainLoop(null, false);
    let failed = 0;

    GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, RUN_TIMEOUT_S, () => {
        print(`Bail out! the tests did not finish within ${RUN_TIMEOUT_S} s`);
        System.exit(1);
        return GLib.SOURCE_REMOVE;
    });

    (async () => {
        print(`1..${tests.length}`);
        let number = 0;
        for (const test of tests) {
            number++;
            handlerErrors.length = 0;
            try {
                // eslint-disable-next-line no-await-in-loop
                await test();
                if (handlerErrors.length > 0)
                    throw takeHandlerError();
                print(`ok ${number} - ${test.name}`);
            } catch (e) {
                failed++;
                print(`not ok ${number} - ${test.name}`);
                for (const line of `${e}\n${e.stack ?? ''}`.trimEnd().split('\n'))
                    print(`# ${line}`);
            } finally {
                // eslint-disable-next-line no-await-in-loop
                await stopAgents(...started.splice(0));
            }
        }
    })().catch(e => {
        failed++;
        print(`Bail out! ${e}`);
    }).finally(() => loop.quit());

    loop.run();
    System.exit(failed > 0 ? 1 : 0);
}
