import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { FakeGenesys } from './support/fake-genesys.mjs';
import { captureWarnings, makeSession, settle } from './support/harness.mjs';

let warnings;
beforeEach(() => { warnings = captureWarnings(); });
afterEach(() => warnings.stop());

const SECRET_TEXT = 'guest-secret-text-1234';

test('hostile frames are ignored with a warning; the session keeps working', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    const socket = h.server.lastSocket;
    const hostile = [
        'not json at all',
        `{"truncated": "${SECRET_TEXT}`,
        JSON.stringify({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'x', type: 'Text', direction: 'Outbound', text: 'a'.repeat(1024 * 1024 + 10) } }),
        JSON.stringify({ type: 'message', class: 'NotAClass', code: 200, body: { text: SECRET_TEXT } }),
        JSON.stringify({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 7, type: 'Text', direction: 'Outbound', text: SECRET_TEXT } }),
        JSON.stringify({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'm', type: 'Text', direction: 'Outbound', metadata: { customMessageId: 5 } } }),
        JSON.stringify({ type: 'response', class: 'SessionResponse', code: 200, body: 'connected' }),
        JSON.stringify({ type: 'response', class: 'JwtResponse', code: 200, body: {} }),
        JSON.stringify([1, 2]),
        'null',
    ];
    for (const data of hostile) socket.deliver(data);
    await settle();
    assert.equal(h.of('warning').length, hostile.length);
    assert.equal(h.of('message').length, 0);
    assert.equal(h.session.phase, 'connected');
    assert.equal(h.server.sockets.length, 1, 'not even a reconnect');
    h.session.send(SECRET_TEXT);
    await settle();
    assert.deepEqual(h.server.guestTexts(h.session.token), [SECRET_TEXT]);
    h.session.stop();
});

test('console output never holds message text, tokens or JWTs', async () => {
    const server = new FakeGenesys();
    const h = makeSession({ server });
    h.session.start();
    await settle();
    server.lastSocket.deliver(`{"text":"${SECRET_TEXT}"`);
    await settle();
    server.messageActions.push('store-then-drop', { error: 4011, text: `too long: ${SECRET_TEXT}` });
    h.session.send(SECRET_TEXT);
    h.session.send(`${SECRET_TEXT} 2`);
    await h.clock.advance(2000);
    server.historyStatus = 500;
    server.dropAll();
    await h.clock.advance(60_000);
    assert.ok(warnings.lines.length >= 4, `something was warned: ${warnings.lines.length}`);
    const jwts = [...server.jwts.keys()];
    for (const line of warnings.lines) {
        assert.ok(!line.includes(SECRET_TEXT), line);
        assert.ok(!line.includes(h.session.token), line);
        for (const jwt of jwts) assert.ok(!line.includes(jwt), line);
    }
    h.session.stop();
});

test('an unknown error code for no request in flight is only logged', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.lastSocket.deliver({ type: 'response', class: 'string', code: 4000, body: 'Feature unavailable', tracingId: 'someone-else' });
    await settle();
    assert.equal(h.session.phase, 'connected');
    assert.equal(h.of('sendError').length, 0);
    h.session.stop();
});

test('history that fails while a sent message is unconfirmed: no blind resend, retried later', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.messageActions.push('store-then-drop');
    h.session.send('unconfirmed');
    await settle();
    h.server.historyStatus = 503;
    await h.clock.advance(10_000);
    assert.equal(h.server.requests.filter((r) => r.action === 'onMessage').length, 1, 'not resent without the history check');
    assert.ok(h.of('warning').some((w) => /history/.test(w.message)));
    h.server.historyStatus = 200;
    await h.clock.advance(60_000);
    assert.deepEqual(h.server.guestTexts(h.session.token), ['unconfirmed']);
    assert.equal(h.session.pendingCount, 0);
    h.session.stop();
});

test('history that fails with nothing unconfirmed: warning, and the session carries on', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.historyStatus = 500;
    h.server.dropAll();
    await h.clock.advance(1000);
    assert.equal(h.session.phase, 'connected');
    h.session.send('still works');
    await settle();
    assert.deepEqual(h.server.guestTexts(h.session.token), ['still works']);
    h.session.stop();
});

test('malformed history entries are skipped with a warning', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.server.conversationOf(h.session.token).messages.push({ id: 'bad', type: 'Text', direction: 'Outbound', text: { evil: true } });
    h.server.agentSaysOffline(h.session.token, 'good');
    h.server.dropAll();
    await h.clock.advance(1000);
    assert.deepEqual(h.of('message').map((m) => m.message.text), ['good']);
    assert.ok(h.of('warning').some((w) => /malformed history/.test(w.message)));
    h.session.stop();
});
