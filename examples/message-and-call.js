// message-and-call.js: two user agents in one process, on 127.0.0.1.
//
// Bob accepts whatever arrives. Alice sends him a MESSAGE, then calls him
// and hangs up as soon as the call is established. The program exits 0 if
// all of that happened, 1 otherwise.
//
// Run it with: gjs -m message-and-call.js
// Against an uninstalled build, set GI_TYPELIB_PATH and LD_LIBRARY_PATH to
// _build/libsipctx (./run shell does).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Sip from 'gi://Sip?version=1.0';
import System from 'system';

// stop_async()/stop_finish() as a method that returns a promise.
Gio._promisify(Sip.UserAgent.prototype, 'stop_async', 'stop_finish');

const loop = new GLib.MainLoop(null, false);
let refused = false;
let delivered = false;
let callCause = null;

// Properties can be set at construction. Port 0: any free port.
const alice = new Sip.UserAgent({aor: 'sip:alice@127.0.0.1', bind_uri: 'sip:127.0.0.1:0'});
const bob = new Sip.UserAgent({aor: 'sip:bob@127.0.0.1', bind_uri: 'sip:127.0.0.1:0'});

// Bob's side: answer every MESSAGE and every call.
bob.connect('message', (ua, ctx) => {
    print(`bob: message from ${ctx.remote_identity.get_uri()}: ${ctx.text}`);
    ctx.accept(null);
});

bob.connect('invite', (ua, call) => {
    print(`bob: call from ${call.remote_identity.get_uri()}`);
    call.progress(new Sip.ReplyOptions({status_code: 180}));
    call.accept(null);
});

// Shutting a user agent down is asynchronous. A running user agent must
// not be left to the garbage collector: always stop it.
async function stopBoth() {
    try {
        await Promise.all([alice.stop_async(null), bob.stop_async(null)]);
    } catch (e) {
        printerr(`stop: ${e.message}`);
    }
    loop.quit();
}

function placeCall(bobUri) {
    const call = alice.invite(bobUri, null);
    call.connect('notify::state', () => {
        if (call.state !== Sip.ContextState.ESTABLISHED)
            return;
        print(`alice: call established (${call.remote_media_codec}), hanging up`);
        call.bye(null);
    });
    call.connect('terminated', (c, cause) => {
        print(`alice: call over (${cause === Sip.Cause.BYE ? 'bye' : cause})`);
        callCause = cause;
        stopBoth();
    });
}

function checkMalformedTarget() {
    // Runtime failures are GLib.Error in the Sip.Error domain.
    try {
        alice.message('not a uri', 'Hello', null, null);
    } catch (e) {
        print(`alice: refused: ${e.message}`);
        return e.matches(Sip.Error, Sip.Error.INVALID_ARGUMENT);
    }
    return false;
}

function sendMessage(bobUri) {
    const ctx = alice.message(bobUri, 'Hello, Bob', 'text/plain', null);
    ctx.connect('accepted', (c, statusCode, response) => {
        print(`alice: delivered (${statusCode} ${response.reason_phrase})`);
        delivered = true;
    });
    ctx.connect('failed', (c, statusCode, response, cause) => {
        // response is null if no response came (a timeout, for example).
        printerr(`alice: the message failed with status ${statusCode}`);
    });
    ctx.connect('terminated', () => {
        // terminated is always the last signal of a context.
        if (delivered)
            placeCall(bobUri);
        else
            stopBoth();
    });
    // The user agent keeps the context alive until it has terminated.
}

GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 10, () => {
    printerr('timed out');
    System.exit(1);
});

try {
    alice.start();
    bob.start();
    refused = checkMalformedTarget();
    // contact-uri is the address actually bound.
    sendMessage(`sip:bob@${bob.contact_uri.slice('sip:'.length)}`);
} catch (e) {
    // A GLib.Error in the Sip.Error domain, for example a malformed URI.
    printerr(`alice: ${e.message}`);
    stopBoth();
}

loop.run();
System.exit(refused && delivered && callCause === Sip.Cause.BYE ? 0 : 1);
