// UploadManager pause/resume/cancel, restore after a reload, lost connections, and the stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeGateway, namedBlob, nextEvent } from './support/upload-fake-gateway.mjs';
import { content, deferred, makeManager } from './support/upload-harness.mjs';
import { memoryUploadStore, openUploadStore } from '../../Sources/Gateway/Resources/Public/js/upload-store.js';

/** Holds every PUT of a part ≥ `from` until released or aborted; `reached` resolves when one arrives. */
function holdParts(gw, from) {
    const gate = deferred();
    const reached = deferred();
    gw.beforePut = async ({ part, signal }) => {
        if (part < from) return;
        reached.resolve(part);
        await new Promise((resolve, reject) => {
            gate.promise.then(resolve);
            signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
    };
    return { release: () => gate.resolve(), reached: reached.promise };
}

test('pause aborts the parts in flight and keeps state; resume sends only what the store lacks', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const hold = holdParts(gw, 5);
    const { uploads, events } = makeManager(gw, { concurrency: 2 });
    const id = await uploads.add(namedBlob(content(44), 'pause.txt'));
    await hold.reached;
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(uploads.pause(id), true);
    const paused = events.filter((e) => e.type === 'progress').at(-1);
    assert.equal(paused.state, 'paused');
    assert.equal(paused.bytesSent, 16, 'parts 1–4 acknowledged, nothing in flight counted');
    const fileId = paused.fileId;
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(gw.stored(fileId, 5), 0);
    const record = (await uploads.store.list())[0];
    assert.equal(record.paused, true);
    assert.deepEqual(Object.keys(record.parts).map(Number), [1, 2, 3, 4]);
    hold.release();
    gw.beforePut = null;
    assert.equal(uploads.resume(id), true);
    await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    for (let n = 1; n <= 4; n += 1) assert.equal(gw.attempts(fileId, n), 1, `part ${n} sent once`);
    for (let n = 1; n <= 11; n += 1) assert.equal(gw.stored(fileId, n), 1, `part ${n} stored once`);
    assert.equal(gw.gatewayCalls('GET', /\/parts$/), 1, 'resume asked the store what it holds');
    assert.equal(gw.uploads.get(fileId).content.toString(), content(44));
});

test('a reload mid-upload: restore() continues from the persisted record and Blob, without re-sending parts', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const store = memoryUploadStore();
    const hold = holdParts(gw, 6);
    const first = makeManager(gw, { store, concurrency: 1 });
    const id = await first.uploads.add(namedBlob(content(40), 'reload.txt', 'text/plain'));
    await hold.reached;
    first.uploads.close(); // the page goes away
    hold.release();
    gw.beforePut = null;
    const [record] = await store.list();
    assert.equal(record.id, id);
    assert.deepEqual(Object.keys(record.parts).map(Number), [1, 2, 3, 4, 5]);
    const second = makeManager(gw, { store, concurrency: 4 });
    const waitUploaded = nextEvent(second.uploads, 'uploaded');
    assert.deepEqual(await second.uploads.restore(), [id]);
    const uploaded = await waitUploaded;
    assert.deepEqual({ id: uploaded.id, fileId: uploaded.fileId, filename: uploaded.filename, mime: uploaded.mime },
        { id, fileId: record.fileId, filename: 'reload.txt', mime: 'text/plain' });
    await nextEvent(second.uploads, 'state', (d) => d.state === 'clean');
    for (let n = 1; n <= 5; n += 1) assert.equal(gw.attempts(record.fileId, n), 1, `part ${n} not sent again`);
    assert.equal(gw.stored(record.fileId, 6), 1);
    assert.equal(gw.registrations, 2, 'the new page registered its own credential');
    assert.equal(gw.uploads.get(record.fileId).content.toString(), content(40));
    assert.deepEqual(await store.list(), []);
});

test('restore keeps a paused upload paused; one the gateway expired starts over with a new ticket', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const store = memoryUploadStore();
    const hold = holdParts(gw, 3);
    const first = makeManager(gw, { store, concurrency: 1 });
    const keep = await first.uploads.add(namedBlob(content(20), 'keep.txt'));
    await hold.reached;
    first.uploads.pause(keep);
    await new Promise((r) => setTimeout(r, 5));
    first.uploads.close();
    hold.release();
    gw.beforePut = null;
    const [record] = await store.list();
    gw.setState(record.fileId, 'expired', 'abandoned');
    const second = makeManager(gw, { store });
    await second.uploads.restore();
    assert.equal(second.uploads.list()[0].state, 'paused');
    assert.equal(gw.gatewayCalls('POST', /^\/v1\/uploads$/), 1);
    second.uploads.resume(keep);
    const done = await nextEvent(second.uploads, 'state', (d) => d.state === 'clean');
    assert.notEqual(done.fileId, record.fileId);
    assert.equal(gw.gatewayCalls('POST', /^\/v1\/uploads$/), 2);
    assert.equal(gw.uploads.get(done.fileId).content.toString(), content(20));
});

test('restore of an upload completed just before the reload reports it uploaded without sending bytes', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const store = memoryUploadStore();
    const first = makeManager(gw, { store });
    // The page dies right after complete: keep the record from being forgotten.
    const remove = store.remove;
    store.remove = async () => {};
    await first.uploads.add(namedBlob(content(12), 'done.txt'));
    const uploaded = await nextEvent(first.uploads, 'uploaded');
    first.uploads.close();
    store.remove = remove;
    const puts = gw.log.filter((e) => e.store).length;
    const second = makeManager(gw, { store });
    const again = nextEvent(second.uploads, 'uploaded');
    await second.uploads.restore();
    assert.equal((await again).fileId, uploaded.fileId);
    assert.equal(gw.log.filter((e) => e.store).length, puts);
});

test('cancel aborts, DELETEs the upload at the gateway and forgets it', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const hold = holdParts(gw, 2);
    const { uploads, events } = makeManager(gw);
    const id = await uploads.add(namedBlob(content(20), 'cancel.txt'));
    await hold.reached;
    const fileId = uploads.list()[0].fileId;
    assert.equal(await uploads.cancel(id), true);
    assert.equal(gw.gatewayCalls('DELETE', /^\/v1\/uploads\/[^/]+$/), 1);
    assert.equal(gw.uploads.get(fileId).state, 'expired');
    assert.deepEqual(await uploads.store.list(), []);
    assert.deepEqual(uploads.list(), []);
    assert.deepEqual(events.at(-1), { type: 'state', id, fileId, filename: 'cancel.txt', size: 20, mime: 'text/plain',
        state: 'cancelled' });
    assert.equal(await uploads.cancel(id), false);
    hold.release();
});

test('cancel of a completed upload does nothing', async () => {
    const gw = createFakeGateway();
    const { uploads } = makeManager(gw);
    const id = await uploads.add(namedBlob('hello', 'a.txt'));
    await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.equal(await uploads.cancel(id), false);
    assert.equal(gw.gatewayCalls('DELETE', /./), 0);
});

test('no connection after every retry: paused (offline), then resumed by the online event', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    gw.failures.push({ part: 3, times: 3, status: 'network' });
    const online = new EventTarget();
    const { uploads } = makeManager(gw, { partRetries: 2, concurrency: 1, onlineTarget: online });
    const id = await uploads.add(namedBlob(content(20), 'offline.txt'));
    const offline = await nextEvent(uploads, 'progress', (d) => d.reason === 'offline');
    assert.equal(offline.state, 'paused');
    assert.equal(offline.id, id);
    online.dispatchEvent(new Event('online'));
    const done = await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.equal(gw.attempts(done.fileId, 1), 1);
    assert.equal(gw.attempts(done.fileId, 3), 4);
    assert.equal(gw.uploads.get(done.fileId).content.toString(), content(20));
});

test('an unreachable gateway also pauses (offline) and the upload resumes on its own', async () => {
    const gw = createFakeGateway();
    let down = true;
    const { uploads } = makeManager(gw, {
        fetchImpl: (input, init) => (down ? Promise.reject(new TypeError('fetch failed')) : gw.fetch(input, init)),
    });
    const realTimeout = globalThis.setTimeout;
    await uploads.add(namedBlob('hello', 'later.txt'));
    await nextEvent(uploads, 'progress', (d) => d.reason === 'offline');
    down = false;
    void realTimeout;
    await nextEvent(uploads, 'state', (d) => d.state === 'clean', 5000);
});

test('openUploadStore without IndexedDB, or when it cannot open, is the memory store (resume off)', async () => {
    assert.equal((await openUploadStore()).persistent, false);
    const failing = { open() {
        const request = {};
        setTimeout(() => { request.error = new DOMException('denied', 'InvalidStateError'); request.onerror(); }, 1);
        return request;
    } };
    const warnings = [];
    const warn = console.warn;
    console.warn = (...args) => warnings.push(args.join(' '));
    try {
        assert.equal((await openUploadStore({ indexedDB: failing })).persistent, false);
    } finally {
        console.warn = warn;
    }
    assert.equal(warnings.length, 1);
});

test('a store that refuses writes (quota full): the upload goes on, `storage` says resume is off', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const store = { ...memoryUploadStore(), persistent: true,
        async putBlob() { throw new DOMException('full', 'QuotaExceededError'); } };
    const { uploads, events } = makeManager(gw, { store });
    assert.equal(uploads.persistent, true);
    const warn = console.warn;
    console.warn = () => {};
    try {
        await uploads.add(namedBlob(content(12), 'quota.txt'));
        await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    } finally {
        console.warn = warn;
    }
    assert.equal(uploads.persistent, false);
    assert.equal(events.filter((e) => e.type === 'storage').length, 1);
    assert.deepEqual(await store.list(), []);
});

test('the memory store copies records (no aliasing with the manager\'s state)', async () => {
    const store = memoryUploadStore();
    const record = { id: 'a', parts: { 1: '"e"' } };
    await store.put(record);
    record.parts[2] = '"f"';
    assert.deepEqual((await store.list())[0].parts, { 1: '"e"' });
    await store.putBlob('a', new Blob(['x']));
    assert.equal((await store.getBlob('a')).size, 1);
    await store.remove('a');
    assert.equal(await store.getBlob('a'), null);
    assert.deepEqual(await store.list(), []);
});

test('a reload during a single PUT: the bytes never arrived, so the old ticket is aborted and a new one sent', async () => {
    const gw = createFakeGateway({ singlePutThreshold: 8 });
    const store = memoryUploadStore();
    const hold = holdParts(gw, 0);
    const first = makeManager(gw, { store });
    await first.uploads.add(namedBlob('small', 'small.txt'));
    await hold.reached;
    first.uploads.close();
    hold.release();
    gw.beforePut = null;
    const [record] = await store.list();
    const second = makeManager(gw, { store });
    await second.uploads.restore();
    const done = await nextEvent(second.uploads, 'state', (d) => d.state === 'clean');
    assert.notEqual(done.fileId, record.fileId);
    assert.equal(gw.uploads.get(record.fileId).state, 'expired', 'the abandoned ticket was aborted');
    assert.equal(gw.uploads.get(done.fileId).content.toString(), 'small');
});

test('an upload another guest owns (a new conversation since) answers 404 and starts over', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const store = memoryUploadStore();
    const hold = holdParts(gw, 2);
    const first = makeManager(gw, { store, concurrency: 1 });
    await first.uploads.add(namedBlob(content(12), 'moved.txt'));
    await hold.reached;
    first.uploads.close();
    hold.release();
    gw.beforePut = null;
    const [record] = await store.list();
    const second = makeManager(gw, { store, getSessionToken: async () => 'session-token-2' });
    await second.uploads.restore();
    const done = await nextEvent(second.uploads, 'state', (d) => d.state === 'clean');
    assert.notEqual(done.fileId, record.fileId);
    assert.equal(gw.uploads.get(done.fileId).guestId, 'guest-session-token-2');
});

/** A LockManager with `ifAvailable` semantics, shared by "tabs". */
function fakeLocks() {
    const held = new Set();
    return {
        held,
        async request(name, options, callback) {
            if (held.has(name)) return callback(null);
            held.add(name);
            try {
                return await callback({ name });
            } finally {
                held.delete(name);
            }
        },
    };
}

test('two tabs: only the one holding the upload\'s lock restores it; the lock goes when the upload is done', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const store = memoryUploadStore();
    const locks = fakeLocks();
    const hold = holdParts(gw, 2);
    const first = makeManager(gw, { store, locks, concurrency: 1 });
    const id = await first.uploads.add(namedBlob(content(12), 'tabs.txt'));
    await hold.reached;
    assert.ok(locks.held.has(`attache-upload:${id}`));
    const second = makeManager(gw, { store, locks });
    assert.deepEqual(await second.uploads.restore(), [], 'the first tab is still sending it');
    hold.release();
    gw.beforePut = null;
    await nextEvent(first.uploads, 'state', (d) => d.state === 'clean');
    assert.equal(locks.held.size, 0);
    assert.deepEqual(second.uploads.list(), []);
});

test('a new conversation mid-upload (new guest, old upload 404): the file starts over under the new guest', async () => {
    const gw = createFakeGateway({ partSize: 4 });
    const hold = holdParts(gw, 3);
    let token = 'session-token-1';
    const { uploads } = makeManager(gw, { concurrency: 1, getSessionToken: async () => token });
    await uploads.add(namedBlob(content(20), 'switch.txt'));
    await hold.reached;
    token = 'session-token-2';
    gw.beforePut = null;
    hold.release();
    const done = await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    assert.equal(gw.uploads.get(done.fileId).guestId, 'guest-session-token-2');
    assert.equal(gw.uploads.get(done.fileId).content.toString(), content(20));
});
