import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { FakeClock } from './support/fake-clock.mjs';
import { FakeGenesys } from './support/fake-genesys.mjs';
import { FakeWebStorage } from './support/fake-storage.mjs';
import { captureWarnings, makeSession, settle } from './support/harness.mjs';

let warnings;
beforeEach(() => { warnings = captureWarnings(); });
afterEach(() => warnings.stop());

test('start: configureSession with a stored random token on the deployment URL, then connected', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    const socket = h.server.lastSocket;
    assert.equal(socket.url, 'ws://127.0.0.1:9/v1?deploymentId=deployment-1');
    assert.deepEqual(socket.sent.map((r) => r.action), ['configureSession']);
    assert.equal(socket.sent[0].token, h.session.token);
    assert.equal(socket.sent[0].deploymentId, 'deployment-1');
    assert.equal(socket.sent[0].startNew, false);
    assert.equal(JSON.parse(h.webStorage.getItem('test.session')).token, h.session.token);
    assert.equal(h.session.phase, 'connected');
    assert.deepEqual(h.of('phase').map((p) => p.phase), ['connecting', 'connected']);
    assert.deepEqual(h.of('session'), [{ newSession: true, readOnly: false }], 'a first session is not announced as a restart');
    h.session.stop();
    assert.equal(h.session.phase, 'closed');
});

test('reload: the same token resumes the conversation and the history is reported oldest first', async () => {
    const server = new FakeGenesys();
    const webStorage = new FakeWebStorage();
    const first = makeSession({ server, webStorage });
    first.session.start();
    await settle();
    first.session.send('guest says hi');
    await settle();
    server.agentSays(first.session.token, 'agent answers');
    await settle();
    first.session.stop();

    const second = makeSession({ server, webStorage });
    second.session.start();
    await settle();
    assert.equal(second.session.token, first.session.token);
    assert.deepEqual(server.lastSocket.sent.map((r) => r.action), ['configureSession', 'getJwt']);
    assert.equal(server.historyRequests.length, 1);
    assert.match(server.historyRequests[0].url, /^\/api\/v2\/webmessaging\/messages\?pageNumber=1&pageSize=25$/);
    assert.match(server.historyRequests[0].authorization, /^Bearer jwt-/);
    assert.deepEqual(second.of('message').map((m) => [m.message.text, m.fromHistory]), [['guest says hi', true], ['agent answers', true]]);
    assert.deepEqual(second.of('session'), [{ newSession: false, readOnly: false }]);
    second.session.stop();
});

test('after a drop: reconnect with backoff, fill the gap from history, report each message once', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    const token = h.session.token;
    h.server.agentSays(token, 'one');
    await settle();
    h.server.dropAll();
    await settle();
    h.server.agentSaysOffline(token, 'two (while away)');
    assert.equal(h.session.phase, 'reconnecting');
    const waiting = h.of('phase').at(-1);
    assert.equal(waiting.retryInMs, 500, 'attempt 0: random 0.5 × base 1000');
    await h.clock.advance(500);
    assert.equal(h.session.phase, 'connected');
    assert.deepEqual(h.of('message').map((m) => [m.message.text, m.fromHistory]), [['one', false], ['two (while away)', true]]);
    h.server.agentSays(token, 'three');
    await settle();
    h.server.dropAll();
    await h.clock.advance(500);
    assert.deepEqual(h.of('message').map((m) => m.message.text), ['one', 'two (while away)', 'three'], 'no duplicates from the second fill');
    h.session.stop();
});

test('backoff grows exponentially with full jitter up to the cap while connections fail', async () => {
    const server = new FakeGenesys();
    const h = makeSession({ server, reconnect: { baseMs: 1000, capMs: 8000 }, random: () => 0.75 });
    server.refuseConnections = 7;
    h.session.start();
    for (let round = 0; round < 8; round += 1) {
        await settle();
        const phase = h.of('phase').at(-1);
        if (phase.phase !== 'reconnecting') break;
        await h.clock.advance(phase.retryInMs);
    }
    const delays = h.of('phase').filter((p) => p.phase === 'reconnecting').map((p) => p.retryInMs);
    assert.deepEqual(delays, [750, 1500, 3000, 6000, 6000, 6000, 6000]);
    assert.equal(h.session.phase, 'connected');
    h.server.dropAll();
    await settle();
    assert.equal(h.of('phase').at(-1).retryInMs, 750, 'a healthy connection resets the attempts');
    h.session.stop();
});

test('maxAttempts: the session gives up and says closed', async () => {
    const server = new FakeGenesys();
    server.refuseConnections = 100;
    const h = makeSession({ server, reconnect: { baseMs: 10, capMs: 10, maxAttempts: 3 } });
    h.session.start();
    await h.clock.advance(1000);
    assert.equal(server.sockets.length, 4, 'the first connection and 3 retries');
    assert.equal(h.session.phase, 'closed');
    assert.ok(h.of('warning').some((w) => /gave up/.test(w.message)));
    h.session.stop();
});

test('offline closes the socket and waits; online reconnects at once', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    h.env.goOffline();
    await settle();
    assert.equal(h.session.phase, 'offline');
    assert.equal(h.server.openSockets.length, 0);
    const sockets = h.server.sockets.length;
    await h.clock.advance(5000);
    assert.equal(h.server.sockets.length, sockets, 'no attempts while offline (before the cap)');
    h.env.goOnline();
    await settle();
    assert.equal(h.session.phase, 'connected');
    assert.equal(h.server.sockets.length, sockets + 1);
    h.session.stop();
});

test('online while connected (Wi-Fi → mobile) replaces the socket at once', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    const before = h.server.lastSocket;
    h.env.goOnline();
    await settle();
    assert.notEqual(h.server.lastSocket, before);
    assert.equal(before.readyState, 3);
    assert.equal(h.session.phase, 'connected');
    h.session.stop();
});

test('visibilitychange to visible reconnects now when waiting, and probes a connected socket', async () => {
    const h = makeSession({ reconnect: { baseMs: 60000, capMs: 60000 } });
    h.session.start();
    await settle();
    h.server.dropAll();
    await settle();
    assert.equal(h.session.phase, 'reconnecting');
    h.env.setVisibility('hidden');
    await settle();
    assert.equal(h.session.phase, 'reconnecting');
    h.env.setVisibility('visible');
    await settle();
    assert.equal(h.session.phase, 'connected', 'did not wait 30 s');
    h.env.setVisibility('visible');
    await settle();
    assert.equal(h.server.lastSocket.sent.at(-1).action, 'echo', 'a visible page checks the socket');
    h.session.stop();
});

test('heartbeat: an echo after a quiet minute; its ping reply is never a message', async () => {
    const h = makeSession({ heartbeatSeconds: 60 });
    h.session.start();
    await settle();
    await h.clock.advance(59_000);
    assert.equal(h.server.lastSocket.sent.filter((r) => r.action === 'echo').length, 0);
    await h.clock.advance(5_000);
    const echoes = h.server.lastSocket.sent.filter((r) => r.action === 'echo');
    assert.equal(echoes.length, 1);
    assert.deepEqual(echoes[0].message, { type: 'Text', text: 'ping' });
    assert.equal(echoes[0].token, h.session.token);
    await h.clock.advance(120_000);
    assert.equal(h.of('message').length, 0);
    assert.equal(h.server.sockets.length, 1, 'answered heartbeats keep the socket');
    h.session.stop();
});

test('a socket that stops answering heartbeats is replaced', async () => {
    const server = new FakeGenesys();
    const h = makeSession({ server, heartbeatSeconds: 30, responseTimeoutMs: 10_000 });
    h.session.start();
    await settle();
    const socket = server.lastSocket;
    socket.deliver = () => {}; // the network silently ate the connection
    await h.clock.advance(30_000 + 10_000 + 10_000);
    assert.ok(server.sockets.length >= 2, 'reconnected');
    assert.equal(socket.readyState, 3);
    assert.equal(h.session.phase, 'connected');
    h.session.stop();
});

test('a socket that never opens times out and is retried', async () => {
    const server = new FakeGenesys({ autoOpen: false });
    const h = makeSession({ server, responseTimeoutMs: 5000 });
    h.session.start();
    await h.clock.advance(4900);
    assert.equal(h.session.phase, 'connecting');
    await h.clock.advance(100);
    assert.equal(h.session.phase, 'reconnecting');
    assert.equal(server.sockets[0].readyState, 3, 'the stuck socket is closed');
    server.autoOpen = true;
    await h.clock.advance(1000);
    assert.equal(h.session.phase, 'connected');
    h.session.stop();
});

test('heartbeat replies in their other shapes are not messages either', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    const socket = h.server.lastSocket;
    const ping = (extra) => ({ type: 'response', class: 'StructuredMessage', code: 200, body: { id: `p${Math.random()}`, type: 'Text', text: 'ping', direction: 'Inbound', ...extra } });
    socket.deliver({ ...ping(), tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=' });
    socket.deliver(ping());
    h.env.setVisibility('visible'); // sends an echo with a fresh tracing id
    const echoId = socket.sent.at(-1).tracingId;
    socket.deliver(ping({ metadata: { customMessageId: echoId } }));
    await settle();
    assert.equal(socket.sent.at(-1).action, 'echo');
    assert.equal(h.of('message').length, 0);
    socket.deliver({ type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'guest-ping', type: 'Text', text: 'ping', direction: 'Inbound', metadata: { customMessageId: 'someone-typed-ping' } }, tracingId: 'someone-typed-ping' });
    await settle();
    assert.equal(h.of('message').length, 1, 'a guest who types "ping" is still shown');
    h.session.stop();
});

test('one heartbeat probe at a time: page events do not pile up echoes', async () => {
    const h = makeSession();
    h.session.start();
    await settle();
    const socket = h.server.lastSocket;
    socket.deliver = () => {}; // answers are slow to come
    for (let index = 0; index < 5; index += 1) h.env.setVisibility('visible');
    assert.equal(socket.sent.filter((r) => r.action === 'echo').length, 1);
    h.session.stop();
});
