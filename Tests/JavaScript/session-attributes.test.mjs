import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { FakeGenesys } from './support/fake-genesys.mjs';
import { captureWarnings, makeSession, settle } from './support/harness.mjs';

let warnings;
beforeEach(() => { warnings = captureWarnings(); });
afterEach(() => warnings.stop());

const onMessages = (socket) => socket.sent.filter((r) => r.action === 'onMessage' && r.message.type !== 'Event');

test('sendAttributes are asked for when each message is written and merged under its own attributes', async () => {
    let guestId = 'guest-1';
    let asked = 0;
    const h = makeSession({ sendAttributes: async () => { asked += 1; return { attacheGuestId: guestId, ignored: 7 }; } });
    h.session.start();
    await settle();
    h.session.send('first');
    h.session.send('second', { customAttributes: { attacheGuestId: 'explicit' } });
    await settle(100);
    const sent = onMessages(h.server.lastSocket);
    assert.deepEqual(sent.map((r) => r.message.channel?.metadata?.customAttributes), [
        { attacheGuestId: 'guest-1' },
        { attacheGuestId: 'explicit' },
    ]);
    assert.equal(asked, 2);
    guestId = 'guest-2';
    h.session.send('third');
    await settle(100);
    assert.equal(onMessages(h.server.lastSocket).at(-1).message.channel.metadata.customAttributes.attacheGuestId, 'guest-2');
    assert.equal(h.session.pendingCount, 0);
    h.session.stop();
});

test('a sendAttributes that never answers delays the message by the response timeout, then it goes without them', async () => {
    const h = makeSession({ sendAttributes: () => new Promise(() => {}), responseTimeoutMs: 2000 });
    h.session.start();
    await settle();
    h.session.send('hello');
    await settle();
    assert.equal(onMessages(h.server.lastSocket).length, 0, 'held while waiting for the attributes');
    assert.equal(h.session.pendingCount, 1, 'queued durably meanwhile');
    await h.clock.advance(2000);
    await settle(100);
    const sent = onMessages(h.server.lastSocket);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].message.channel, undefined);
    assert.equal(h.session.pendingCount, 0);
    assert.ok(warnings.lines.some((m) => m.includes('did not come')));
    h.session.stop();
});

test('a quick-reply answer goes as a Structured message with its ButtonResponse, and survives a reload', async () => {
    const server = new FakeGenesys();
    const offline = makeSession({ server });
    const reply = { text: 'Yes', payload: 'yes-payload', type: 'QuickReply' };
    offline.session.send('Yes', { buttonResponse: reply });
    assert.throws(() => offline.session.send('x', { buttonResponse: { text: 'x' } }), TypeError);
    const h = makeSession({ server, webStorage: offline.webStorage });
    assert.equal(h.session.pendingMessages[0].content[0].buttonResponse.payload, 'yes-payload');
    h.session.start();
    await settle(100);
    const [request] = onMessages(h.server.lastSocket);
    assert.equal(request.message.type, 'Structured');
    assert.deepEqual(request.message.content, [{ contentType: 'ButtonResponse', buttonResponse: reply }]);
    assert.equal(h.session.pendingCount, 0);
    h.session.stop();
});
