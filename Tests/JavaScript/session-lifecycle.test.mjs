import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { FakeGenesys } from './support/fake-genesys.mjs';
import { FakeWebStorage } from './support/fake-storage.mjs';
import { captureWarnings, makeSession, settle } from './support/harness.mjs';

let warnings;
beforeEach(() => { warnings = captureWarnings(); });
afterEach(() => warnings.stop());

async function connected(options) {
    const h = makeSession(options);
    h.session.start();
    await settle();
    return h;
}

test('SessionExpiredEvent: a new token, a new session announced before the next send, which goes there', async () => {
    const h = await connected();
    const oldToken = h.session.token;
    h.server.expire(oldToken);
    await settle();
    assert.notEqual(h.session.token, oldToken);
    assert.equal(JSON.parse(h.webStorage.getItem('test.session')).token, h.session.token, 'the new token is stored');
    assert.deepEqual(h.of('session').at(-1), { newSession: true, readOnly: false, reason: 'expired' });
    assert.equal(h.server.lastSocket.sent[0].token, h.session.token);
    h.session.send('after expiry');
    await settle();
    assert.deepEqual(h.server.guestTexts(h.session.token), ['after expiry']);
    assert.deepEqual(h.server.guestTexts(oldToken), []);
    h.session.stop();
});

test('4006 in answer to a send: new session, the message is kept and sent there once', async () => {
    const h = await connected();
    const oldToken = h.session.token;
    h.server.expire(oldToken, { notify: false });
    const id = h.session.send('sent into an expired session');
    await settle();
    assert.notEqual(h.session.token, oldToken);
    assert.deepEqual(h.server.guestTexts(h.session.token), ['sent into an expired session']);
    assert.ok(h.of('delivered').some((d) => d.clientMessageId === id));
    assert.equal(h.of('session').at(-1).reason, 'expired');
    assert.equal(h.of('sendError').length, 0);
    h.session.stop();
});

test('4007 (session not found): reason notFound', async () => {
    const h = await connected();
    h.server.sessions.delete(h.session.token);
    h.session.send('hello?');
    await settle();
    assert.equal(h.of('session').at(-1).reason, 'notFound');
    assert.deepEqual(h.server.guestTexts(h.session.token), ['hello?']);
    h.session.stop();
});

test('a reload after the session expired server-side: newSession is announced as expired', async () => {
    const server = new FakeGenesys();
    const webStorage = new FakeWebStorage();
    const first = await connected({ server, webStorage });
    first.session.stop();
    server.expire(first.session.token, { notify: false });
    const second = await connected({ server, webStorage });
    assert.equal(second.session.token, first.session.token, 'the server renews the same token');
    assert.deepEqual(second.of('session'), [{ newSession: true, readOnly: false, reason: 'expired' }]);
    second.session.stop();
});

test('read-only via Presence Disconnect: readOnly, then the next send closes and starts a new conversation', async () => {
    const h = await connected();
    const token = h.session.token;
    const oldConversation = h.server.sessions.get(token).conversationId;
    h.server.makeReadOnly(token);
    await settle();
    assert.equal(h.session.readOnly, true);
    assert.deepEqual(h.of('session').at(-1), { newSession: false, readOnly: true });
    assert.equal(h.of('message').at(-1).message.events[0].presence.type, 'Disconnect', 'the disconnect is shown');
    h.session.send('new question');
    await settle();
    const actions = h.server.lastSocket.sent.map((r) => [r.action, r.startNew]);
    assert.deepEqual(actions.slice(1), [['closeSession', undefined], ['configureSession', true], ['onMessage', undefined]]);
    assert.equal(h.session.token, token, 'read-only keeps the token');
    assert.notEqual(h.server.sessions.get(token).conversationId, oldConversation);
    assert.deepEqual(h.server.guestTexts(token), ['new question']);
    assert.deepEqual(h.of('session').at(-1), { newSession: true, readOnly: false, reason: 'readOnly' });
    assert.equal(h.session.readOnly, false);
    h.session.stop();
});

test('read-only SessionResponse on reconnect with queued messages: restart before sending', async () => {
    const server = new FakeGenesys();
    const webStorage = new FakeWebStorage();
    const first = await connected({ server, webStorage });
    first.session.stop();
    server.conversationOf(first.session.token).readOnly = true;
    const second = makeSession({ server, webStorage });
    second.session.send('queued while away');
    second.session.start();
    await settle();
    assert.deepEqual(server.lastSocket.sent.map((r) => r.action), ['configureSession', 'closeSession', 'configureSession', 'onMessage']);
    assert.deepEqual(server.guestTexts(second.session.token), ['queued while away']);
    assert.equal(second.of('session').at(-1).reason, 'readOnly');
    second.session.stop();
});

test('read-only without anything to send: stays read-only, history still readable', async () => {
    const server = new FakeGenesys();
    const webStorage = new FakeWebStorage();
    const first = await connected({ server, webStorage });
    server.agentSays(first.session.token, 'goodbye');
    await settle();
    first.session.stop();
    server.conversationOf(first.session.token).readOnly = true;
    const second = await connected({ server, webStorage });
    assert.equal(second.session.readOnly, true);
    assert.deepEqual(server.lastSocket.sent.map((r) => r.action), ['configureSession', 'getJwt']);
    assert.deepEqual(second.of('message').map((m) => m.message.text), ['goodbye']);
    second.session.stop();
});

test('401 in answer to a send: reason unauthorized, new token, the message is kept', async () => {
    const h = await connected();
    const oldToken = h.session.token;
    h.server.messageActions.push({ error: 401, text: 'Unauthorized' });
    h.session.send('retry me');
    await settle();
    assert.notEqual(h.session.token, oldToken);
    assert.equal(h.of('session').at(-1).reason, 'unauthorized');
    assert.deepEqual(h.server.guestTexts(h.session.token), ['retry me']);
    h.session.stop();
});

test('SessionClearedEvent starts a new session (reason cleared)', async () => {
    const h = await connected();
    const oldToken = h.session.token;
    h.server.broadcastFrame(oldToken, { type: 'message', class: 'SessionClearedEvent', code: 200, body: {} });
    await settle();
    assert.notEqual(h.session.token, oldToken);
    assert.equal(h.of('session').at(-1).reason, 'cleared');
    h.session.stop();
});

test('startNewConversation(): a new token now (reason requested)', async () => {
    const h = await connected();
    const oldToken = h.session.token;
    h.session.startNewConversation();
    await settle();
    assert.notEqual(h.session.token, oldToken);
    assert.deepEqual(h.of('session').at(-1), { newSession: true, readOnly: false, reason: 'requested' });
    h.session.stop();
});

test('a server that keeps ending sessions is not hammered: the second renewal waits for the backoff', async () => {
    const h = await connected();
    h.server.expire(h.session.token);
    await settle();
    const sockets = h.server.sockets.length;
    h.server.expire(h.session.token);
    await settle();
    assert.equal(h.server.sockets.length, sockets, 'no immediate reconnect');
    assert.equal(h.session.phase, 'reconnecting');
    await h.clock.advance(1000);
    assert.equal(h.session.phase, 'connected');
    h.session.stop();
});

test('a server that stays read-only after closeSession + startNew: a new token instead of a loop', async () => {
    const server = new FakeGenesys();
    const h = await connected({ server });
    const token = h.session.token;
    const original = server.received.bind(server);
    server.received = (socket, request) => {
        if (request.action === 'configureSession' && request.token === token) {
            return socket.deliver({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: false, readOnly: true }, tracingId: request.tracingId });
        }
        return original(socket, request);
    };
    server.makeReadOnly(token);
    await settle();
    h.session.send('must not loop');
    await settle();
    assert.equal(server.requests.filter((r) => r.action === 'closeSession').length, 1);
    assert.notEqual(h.session.token, token);
    assert.deepEqual(server.guestTexts(h.session.token), ['must not loop']);
    assert.equal(h.of('session').at(-1).reason, 'readOnly');
    h.session.stop();
});

test('the socket URL gets the deployment id; relative and http URLs become ws(s)', async () => {
    const { socketURL } = await import('../../Sources/Gateway/Resources/Public/js/guest-session.js');
    assert.equal(socketURL('wss://webmessaging.example.com/v1', 'd 1'), 'wss://webmessaging.example.com/v1?deploymentId=d+1');
    assert.equal(socketURL('ws://h/v1?deploymentId=x', 'y'), 'ws://h/v1?deploymentId=x');
    assert.equal(socketURL('https://h/v1', 'y'), 'wss://h/v1?deploymentId=y');
});
