import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { FakeGenesys } from './support/fake-genesys.mjs';
import { FakeWebStorage } from './support/fake-storage.mjs';
import { captureWarnings, makeSession, settle } from './support/harness.mjs';

let warnings;
beforeEach(() => { warnings = captureWarnings(); });
afterEach(() => warnings.stop());

const texts = (requests) => requests.filter((r) => r.action === 'onMessage' && r.message.type === 'Text').map((r) => r.message.text);

test('send returns the client message id; the echo carrying it acknowledges the item', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    const id = h.session.send('hello', { metadata: { attacheFileId: 'f1' }, customAttributes: { attacheGuestId: 'g1' } });
    assert.equal(h.session.pendingCount, 1);
    const request = h.server.lastSocket.sent.at(-1);
    assert.equal(request.tracingId, id);
    assert.equal(request.message.metadata.customMessageId, id);
    assert.equal(request.message.metadata.attacheFileId, 'f1');
    assert.deepEqual(request.message.channel, { metadata: { customAttributes: { attacheGuestId: 'g1' } } });
    await settle();
    assert.equal(h.session.pendingCount, 0);
    assert.equal(h.of('delivered')[0].clientMessageId, id);
    assert.deepEqual(h.of('outbox').map((o) => o.pending), [0, 1, 0]);
    assert.equal(h.of('message')[0].message.metadata.customMessageId, id, 'the echo is reported as the guest\'s message');
    h.session.stop();
});

test('messages queued offline survive a reload and go out in order, one at a time', async () => {
    const server = new FakeGenesys();
    const webStorage = new FakeWebStorage();
    const offline = makeSession({ server, webStorage });
    for (const text of ['1', '2', '3', '4', '5']) offline.session.send(text);
    assert.equal(server.sockets.length, 0, 'never started: nothing sent');

    const h = makeSession({ server, webStorage });
    assert.deepEqual(h.session.pendingMessages.map((item) => item.text), ['1', '2', '3', '4', '5']);
    let maxInFlight = 0;
    const original = server.received.bind(server);
    let unacknowledged = 0;
    server.received = (socket, request) => {
        if (request.action === 'onMessage') {
            unacknowledged += 1;
            maxInFlight = Math.max(maxInFlight, unacknowledged);
        }
        original(socket, request);
    };
    h.session.addEventListener('delivered', () => { unacknowledged -= 1; });
    h.session.start();
    await settle(200);
    assert.deepEqual(server.guestTexts(h.session.token), ['1', '2', '3', '4', '5']);
    assert.equal(maxInFlight, 1);
    assert.equal(h.session.pendingCount, 0);
    h.session.stop();
});

test('a drop before the server stored the message: resent once after the reconnect', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.messageActions.push('drop');
    h.session.send('lost on the way');
    await settle();
    assert.equal(h.server.guestTexts(h.session.token).length, 0);
    await h.clock.advance(1000);
    assert.deepEqual(h.server.guestTexts(h.session.token), ['lost on the way']);
    assert.deepEqual(texts(h.server.requests), ['lost on the way', 'lost on the way']);
    assert.equal(h.session.pendingCount, 0);
    h.session.stop();
});

test('a drop after the server stored the message but before its echo: found in history, not resent', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.messageActions.push('store-then-drop');
    const id = h.session.send('stored, echo lost');
    h.session.send('next');
    await settle();
    await h.clock.advance(1000);
    assert.deepEqual(h.server.guestTexts(h.session.token), ['stored, echo lost', 'next']);
    assert.deepEqual(texts(h.server.requests), ['stored, echo lost', 'next'], 'the first was never written twice');
    assert.ok(h.of('delivered').some((d) => d.clientMessageId === id));
    const reported = h.of('message').map((m) => m.message.text);
    assert.deepEqual(reported, ['stored, echo lost', 'next'], 'the history copy is reported once');
    h.session.stop();
});

test('a drop after the echo: nothing is resent', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.session.send('delivered');
    await settle();
    h.server.dropAll();
    await h.clock.advance(1000);
    assert.deepEqual(texts(h.server.requests), ['delivered']);
    assert.equal(h.of('message').length, 1);
    h.session.stop();
});

test('a reload while a message was in flight and stored: the history check prevents a resend', async () => {
    const server = new FakeGenesys();
    const webStorage = new FakeWebStorage();
    const first = makeSession({ server, webStorage });
    first.session.start();
    await settle();
    server.messageActions.push('silent');
    first.session.send('in flight at reload');
    await settle();
    first.session.stop(); // the tab closed before the echo
    const second = makeSession({ server, webStorage });
    assert.equal(second.session.pendingCount, 1);
    second.session.start();
    await settle(100);
    assert.equal(second.session.pendingCount, 0);
    assert.deepEqual(server.guestTexts(second.session.token), ['in flight at reload']);
    assert.deepEqual(texts(server.requests), ['in flight at reload']);
    second.session.stop();
});

test('a message never acknowledged in time ends the socket; the reconnect checks the history', async () => {
    const h = makeSession({ responseTimeoutMs: 5000 });
    h.session.start();
    await settle();
    h.server.messageActions.push('silent');
    h.session.send('echo never came');
    await h.clock.advance(6500);
    assert.ok(h.server.sockets.length >= 2);
    assert.deepEqual(texts(h.server.requests), ['echo never came']);
    assert.equal(h.session.pendingCount, 0);
    h.session.stop();
});

test('the server drops the socket 10 times during a 100-message exchange: nothing lost or doubled', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    const sent = [];
    const actions = new Map([[5, 'drop'], [12, 'store-then-drop'], [20, 'drop'], [33, 'store-then-drop'], [41, 'store-then-drop'], [55, 'drop'], [63, 'store-then-drop'], [70, 'drop'], [84, 'store-then-drop'], [97, 'drop']]);
    const original = h.server.received.bind(h.server);
    let textCount = 0;
    h.server.received = (socket, request) => {
        if (request.action === 'onMessage' && request.message.type === 'Text') {
            textCount += 1;
            const action = actions.get(textCount);
            if (action) h.server.messageActions.unshift(action);
        }
        original(socket, request);
    };
    for (let index = 0; index < 100; index += 1) {
        const text = `message ${index}`;
        sent.push(text);
        h.session.send(text);
        if (index % 7 === 0) h.server.agentSays(h.session.token, `agent ${index}`);
        await h.clock.advance(index % 3 === 0 ? 1500 : 0);
    }
    await h.clock.advance(60_000);
    assert.equal(h.server.sockets.length, 11, 'ten drops, eleven sockets');
    assert.deepEqual(h.server.guestTexts(h.session.token), sent);
    assert.equal(h.session.pendingCount, 0);
    const guestReported = h.of('message').map((m) => m.message).filter((m) => m.direction === 'Inbound').map((m) => m.text);
    assert.deepEqual([...guestReported].sort(), [...sent].sort(), 'each guest message reported exactly once');
    const agentReported = h.of('message').map((m) => m.message).filter((m) => m.direction === 'Outbound').map((m) => m.text);
    assert.equal(agentReported.length, 15);
    assert.equal(new Set(h.of('message').map((m) => m.message.id)).size, h.of('message').length);
    h.session.stop();
});

test('4011 (too long) drops the message with sendError; the next one proceeds', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.messageActions.push({ error: 4011, text: 'Message exceeds the maximum length' });
    const tooLong = h.session.send('x'.repeat(10));
    h.session.send('short');
    await settle();
    assert.deepEqual(h.of('sendError'), [{ clientMessageId: tooLong, code: 4011, message: 'Message exceeds the maximum length' }]);
    assert.deepEqual(h.server.guestTexts(h.session.token), ['short']);
    assert.equal(h.session.pendingCount, 0);
    h.session.stop();
});

test('429 with retryAfter: the message waits that long, then goes once', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.messageActions.push({ rateLimit: 3 });
    const id = h.session.send('throttled');
    await settle();
    assert.deepEqual(h.of('sendError'), [{ clientMessageId: id, code: 429, message: 'slow down', retryAfter: 3 }]);
    assert.equal(h.session.pendingCount, 1);
    await h.clock.advance(2900);
    assert.deepEqual(texts(h.server.requests), ['throttled'], 'not retried before retryAfter');
    await h.clock.advance(200);
    assert.deepEqual(texts(h.server.requests), ['throttled', 'throttled']);
    assert.deepEqual(h.server.guestTexts(h.session.token), ['throttled']);
    assert.equal(h.session.pendingCount, 0);
    h.session.stop();
});

test('temporary server errors (5000, 503) keep the message and retry', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.messageActions.push({ error: 5000 }, { error: 503 });
    h.session.send('eventually');
    await h.clock.advance(5000);
    assert.deepEqual(h.server.guestTexts(h.session.token), ['eventually']);
    assert.deepEqual(h.of('sendError').map((e) => [e.code, e.retryAfter]), [[5000, 2], [503, 2]]);
    h.session.stop();
});

test('send validates its arguments', () => {
    const h = makeSession();
    assert.throws(() => h.session.send(42), TypeError);
    assert.throws(() => h.session.send('x', { metadata: { n: 1 } }), TypeError);
    assert.throws(() => h.session.send('x', { customAttributes: null }), TypeError);
    assert.equal(h.session.pendingCount, 0);
});

test('without localStorage the outbox still works for the visit', async () => {
    const h = makeSession({ webStorage: new FakeWebStorage({ failures: { setItem: true, getItem: true, removeItem: true } }) });
    h.session.start();
    await settle();
    h.session.send('memory only');
    await settle();
    assert.deepEqual(h.server.guestTexts(h.session.token), ['memory only']);
    h.session.stop();
});

test('storage filling up mid-session: a warning, and sending goes on from memory', async () => {
    const webStorage = new FakeWebStorage();
    const h = makeSession({ webStorage });
    h.session.start();
    await settle();
    webStorage.failures.setItem = true;
    h.session.send('after the quota ran out');
    await settle();
    assert.equal(h.storage.persistent, false);
    assert.ok(h.of('warning').some((w) => /resume after a reload is off/.test(w.message)));
    assert.deepEqual(h.server.guestTexts(h.session.token), ['after the quota ran out']);
    h.session.stop();
});
