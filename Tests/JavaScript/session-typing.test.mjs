import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { captureWarnings, makeSession, settle } from './support/harness.mjs';

let warnings;
beforeEach(() => { warnings = captureWarnings(); });
afterEach(() => warnings.stop());

const typing = (duration) => ({
    type: 'message', class: 'StructuredMessage', code: 200,
    body: { id: `t-${Math.random()}`, type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'On', duration } }] },
});

test('agent typing: on with its duration, off when it runs out; never a message', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.lastSocket.deliver(typing(4000));
    await settle();
    assert.deepEqual(h.of('typing'), [{ on: true, durationMs: 4000 }]);
    await h.clock.advance(4000);
    assert.deepEqual(h.of('typing').at(-1), { on: false, durationMs: 0 });
    assert.equal(h.of('message').length, 0);
    h.session.stop();
});

test('an agent message ends the typing indicator', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.lastSocket.deliver(typing(undefined));
    await settle();
    assert.deepEqual(h.of('typing'), [{ on: true, durationMs: 5000 }]);
    h.server.agentSays(h.session.token, 'here');
    await settle();
    assert.deepEqual(h.of('typing').at(-1), { on: false, durationMs: 0 });
    await h.clock.advance(10_000);
    assert.equal(h.of('typing').length, 2, 'no second off');
    h.session.stop();
});

test('sendTyping is throttled, only sent while connected, and its echo is not a message', async () => {
    const h = makeSession({ typingThrottleMs: 5000 });
    assert.equal(h.session.sendTyping(), false, 'not connected');
    h.session.start();
    await settle();
    assert.equal(h.session.sendTyping(), true);
    assert.equal(h.session.sendTyping(), false);
    await h.clock.advance(4000);
    assert.equal(h.session.sendTyping(), false);
    await h.clock.advance(1000);
    assert.equal(h.session.sendTyping(), true);
    await settle();
    const sent = h.server.lastSocket.sent.filter((r) => r.action === 'onMessage');
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[0].message, { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] });
    assert.equal(h.of('message').length, 0);
    assert.equal(h.of('typing').length, 0, 'the guest\'s own typing is not reported as agent typing');
    h.session.stop();
});
