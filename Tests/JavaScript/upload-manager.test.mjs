// UploadManager against the fake gateway + object store: single PUT, multipart, retries, ETags,
// credentials, the scan's state over SSE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createFakeGateway, namedBlob, nextEvent } from './support/upload-fake-gateway.mjs';
import { captureConsole, content, makeManager } from './support/upload-harness.mjs';

test('a small file: one PUT with the ticket\'s headers and its SHA-256, then uploaded → scanning → clean', async () => {
    const gw = createFakeGateway({ singlePutThreshold: 8 });
    const seen = [];
    const { uploads, events } = makeManager(gw, {
        fetchImpl: async (input, init) => {
            seen.push({ method: init?.method ?? 'GET', headers: new Headers(init?.headers) });
            return gw.fetch(input, init);
        },
    });
    const manager = uploads;
    const id = await manager.add(namedBlob('hello', 'hello.txt', 'text/plain'));
    const clean = await nextEvent(manager, 'state', (d) => d.state === 'clean');
    const upload = gw.uploads.get(clean.fileId);
    assert.equal(upload.content.toString(), 'hello');
    assert.equal(upload.sha256, createHash('sha256').update('hello').digest('hex'));
    const put = seen.find((r) => r.method === 'PUT');
    assert.equal(put.headers.get('content-type'), 'text/plain');
    assert.equal(put.headers.get('content-length'), null, 'Content-Length is the browser\'s to set');
    assert.equal(put.headers.get('authorization'), null, 'the credential never goes to the store');
    assert.deepEqual(events.filter((e) => e.type !== 'progress').map((e) => [e.type, e.state ?? '']),
        [['uploaded', ''], ['state', 'scanning'], ['state', 'clean']]);
    const uploaded = events.find((e) => e.type === 'uploaded');
    assert.deepEqual(uploaded, { type: 'uploaded', id, fileId: clean.fileId, filename: 'hello.txt', size: 5, mime: 'text/plain' });
    assert.equal(gw.stored(clean.fileId, 0), 1);
    assert.deepEqual(await uploads.store.list(), [], 'nothing is kept once complete');
    assert.equal(uploads.list()[0].state, 'clean');
});

test('a large file: every part PUT exactly once, at most `concurrency` at a time, fresh URLs past the first batch', async () => {
    const gw = createFakeGateway({ partSize: 4, singlePutThreshold: 8, initialPartURLs: 3 });
    let inFlight = 0;
    let peak = 0;
    gw.beforePut = async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 3));
        inFlight -= 1;
    };
    const { uploads, events } = makeManager(gw, { concurrency: 3, hashLimit: 10 });
    const text = content(50);
    await uploads.add(namedBlob(text, 'big.txt'));
    const done = await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.equal(gw.uploads.get(done.fileId).content.toString(), text);
    for (let n = 1; n <= 13; n += 1) assert.equal(gw.attempts(done.fileId, n), 1, `part ${n}`);
    assert.equal(peak, 3);
    assert.ok(gw.gatewayCalls('POST', /\/parts$/) >= 1, 'URLs for parts 4… were asked for');
    assert.equal(gw.uploads.get(done.fileId).sha256, undefined, 'no hash for a multipart file over hashLimit');
    const progress = events.filter((e) => e.type === 'progress').map((e) => e.bytesSent);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress never goes back');
    assert.equal(progress.at(-1), 50);
});

test('the concurrency limit holds across files', async () => {
    const gw = createFakeGateway({ partSize: 4, singlePutThreshold: 4 });
    let inFlight = 0;
    let peak = 0;
    gw.beforePut = async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight -= 1;
    };
    const { uploads } = makeManager(gw, { concurrency: 2 });
    const a = await uploads.add(namedBlob(content(20), 'a.txt'));
    const b = await uploads.add(namedBlob(content(20), 'b.txt'));
    await Promise.all([a, b].map((id) => nextEvent(uploads, 'state', (d) => d.id === id && d.state === 'clean')));
    assert.equal(peak, 2);
    assert.equal(uploads.slots.peak, 2);
});

test('a part that fails twice is retried and sent once; a 403 gets a fresh URL', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    gw.failures.push({ part: 3, times: 2, status: 503 }, { part: 5, times: 1, status: 403 });
    const { uploads } = makeManager(gw);
    await uploads.add(namedBlob(content(24), 'retry.txt'));
    const done = await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.equal(gw.attempts(done.fileId, 3), 3);
    assert.equal(gw.stored(done.fileId, 3), 1);
    assert.equal(gw.attempts(done.fileId, 5), 2);
    assert.equal(uploads.stats.retries, 3);
    const refresh = gw.log.filter((e) => e.method === 'POST' && /\/parts$/.test(e.path ?? ''));
    assert.equal(refresh.length, 1, 'one fresh-URL request, for part 5');
    assert.equal(gw.uploads.get(done.fileId).content.toString(), content(24));
});

test('a part that keeps failing fails the upload with a message free of URLs; resume sends only the rest', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    gw.failures.push({ part: 2, times: 100, status: 500 });
    const { uploads, events } = makeManager(gw, { partRetries: 2, concurrency: 1 });
    const logs = [];
    const id = await uploads.add(namedBlob(content(16), 'stuck.txt'));
    const error = await nextEvent(uploads, 'error');
    assert.equal(error.id, id);
    assert.doesNotMatch(error.message, /s3\.test|Signature|http/);
    assert.match(error.message, /part 2/);
    assert.equal(uploads.list()[0].state, 'failed');
    assert.deepEqual(events.filter((e) => e.type === 'state').map((e) => e.state), ['failed']);
    assert.equal(gw.attempts(error.fileId, 2), 3, 'the first try and two retries');
    gw.failures.length = 0;
    assert.equal(uploads.resume(id), true);
    await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.equal(gw.attempts(error.fileId, 1), 1, 'part 1 was not sent again');
    assert.equal(gw.stored(error.fileId, 2), 1);
    void logs;
});

test('ETags the store does not expose come from GET /v1/uploads/{id}/parts before complete', async () => {
    const gw = createFakeGateway({ partSize: 4, exposeETag: false });
    const { uploads } = makeManager(gw);
    await uploads.add(namedBlob(content(30), 'noetag.txt'));
    const done = await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.equal(gw.gatewayCalls('GET', /\/parts$/), 1);
    assert.equal(gw.uploads.get(done.fileId).content.toString(), content(30));
});

test('a refused credential (401) is renewed once through POST /v1/guests; a new session token re-registers', async () => {
    const gw = createFakeGateway();
    let token = 'session-token-1';
    const { uploads } = makeManager(gw, { getSessionToken: async () => token });
    await uploads.add(namedBlob('first', 'one.txt'));
    await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.equal(gw.registrations, 1);
    gw.revokeCredentials();
    await uploads.add(namedBlob('second', 'two.txt'));
    await nextEvent(uploads, 'state', (d) => d.filename === 'two.txt' && d.state === 'clean');
    assert.equal(gw.registrations, 2);
    token = 'session-token-2';
    const third = await uploads.add(namedBlob('third', 'three.txt'));
    const done = await nextEvent(uploads, 'state', (d) => d.id === third && d.state === 'clean');
    assert.equal(gw.registrations, 3);
    assert.equal(gw.uploads.get(done.fileId).guestId, 'guest-session-token-2');
});

test('rejected with the scanner\'s reason, the SSE stream cut into 3-byte chunks', async () => {
    const reason = 'Eicar-Test-Signature — <b>not markup</b>';
    const gw = createFakeGateway({ sseChunkSize: 3, scanResult: { state: 'rejected', reason } });
    const { uploads, events } = makeManager(gw);
    await uploads.add(namedBlob('X5O!P%@AP', 'invoice.pdf', 'application/pdf'));
    const rejected = await nextEvent(uploads, 'state', (d) => d.state === 'rejected');
    assert.equal(rejected.reason, reason);
    assert.deepEqual(events.filter((e) => e.type === 'state').map((e) => e.state), ['scanning', 'rejected']);
});

test('a stream that ends before a final state is reopened', async () => {
    const gw = createFakeGateway({ sseMaxEvents: 1, scanResult: null });
    const { uploads } = makeManager(gw);
    await uploads.add(namedBlob('hello', 'later.txt'));
    const scanning = await nextEvent(uploads, 'state', (d) => d.state === 'scanning');
    await new Promise((r) => setTimeout(r, 60));
    gw.setState(scanning.fileId, 'clean');
    await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.ok(gw.gatewayCalls('GET', /\/events$/) >= 2);
});

test('a gateway refusal of the ticket fails the upload with the gateway\'s detail, and forgets it', async () => {
    const gw = createFakeGateway();
    gw.policy = { ...gw.policy, maxFileSize: 3 };
    const { uploads } = makeManager(gw);
    const id = await uploads.add(namedBlob('too big', 'big.txt'));
    const error = await nextEvent(uploads, 'error');
    assert.equal(error.id, id);
    assert.equal(error.message, 'The file is too large.');
    assert.deepEqual(await uploads.store.list(), []);
});

test('credentials and presigned URLs never reach the console', async () => {
    const lines = await captureConsole(async () => {
        const gw = createFakeGateway({ partSize: 4 });
        gw.failures.push({ part: 1, times: 100, status: 'network' });
        const { uploads } = makeManager(gw, { partRetries: 1 });
        const id = await uploads.add(namedBlob(content(12), 'a.txt'));
        await nextEvent(uploads, 'progress', (d) => d.reason === 'offline');
        await uploads.cancel(id);
        gw.revokeCredentials();
        const { uploads: other } = makeManager(gw, { store: { persistent: true, list: async () => { throw new Error('x'); } } });
        await other.restore();
    });
    for (const line of lines) assert.doesNotMatch(line, /cred-|secret-signature|session-token|Bearer/);
});
