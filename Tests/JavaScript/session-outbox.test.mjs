import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomUUID, SessionRecord } from '../../Sources/Gateway/Resources/Public/js/session-outbox.js';
import { openStorage } from '../../Sources/Gateway/Resources/Public/js/storage.js';
import { captureWarnings } from './support/harness.mjs';
import { FakeWebStorage } from './support/fake-storage.mjs';

const open = (backend) => openStorage({ prefix: 't.', backend });

test('the token is a random UUID, stored with the deployment id and reused on reload', () => {
    const backend = new FakeWebStorage();
    const first = new SessionRecord({ storage: open(backend), deploymentId: 'dep' });
    assert.match(first.token, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(JSON.parse(backend.getItem('t.session')).deploymentId, 'dep');
    const reloaded = new SessionRecord({ storage: open(backend), deploymentId: 'dep' });
    assert.equal(reloaded.token, first.token);
    const other = new SessionRecord({ storage: open(backend), deploymentId: 'other' });
    assert.notEqual(other.token, first.token, 'another deployment gets its own token');
});

test('the outbox survives a reload in order, attempted flags included', () => {
    const backend = new FakeWebStorage();
    const record = new SessionRecord({ storage: open(backend), deploymentId: 'dep' });
    const a = record.append({ text: 'a', metadata: { k: 'v' } });
    const b = record.append({ text: 'b' });
    record.markAttempted(a.id);
    const reloaded = new SessionRecord({ storage: open(backend), deploymentId: 'dep' });
    assert.deepEqual(reloaded.items.map((item) => [item.id, item.text, item.attempted]), [[a.id, 'a', true], [b.id, 'b', false]]);
    assert.deepEqual(reloaded.items[0].metadata, { k: 'v' });
    assert.equal(reloaded.remove(a.id), true);
    assert.equal(reloaded.remove(a.id), false);
    assert.equal(new SessionRecord({ storage: open(backend), deploymentId: 'dep' }).count, 1);
});

test('a new token keeps the queued items but clears their attempted flags', () => {
    const record = new SessionRecord({ storage: open(new FakeWebStorage()), deploymentId: 'dep' });
    const token = record.token;
    const item = record.append({ text: 'x' });
    record.markAttempted(item.id);
    record.markEstablished();
    record.renewToken();
    assert.notEqual(record.token, token);
    assert.equal(record.items[0].attempted, false);
    assert.equal(record.established, false);
});

test('malformed stored records are replaced or filtered', () => {
    const warnings = captureWarnings();
    try {
        const backend = new FakeWebStorage();
        backend.setItem('t.session', JSON.stringify({ token: 5, deploymentId: 'dep', outbox: [] }));
        assert.equal(typeof new SessionRecord({ storage: open(backend), deploymentId: 'dep' }).token, 'string');
        backend.setItem('t.session', JSON.stringify({
            token: 'tok', deploymentId: 'dep',
            outbox: [{ id: 'ok', text: 't', metadata: {}, customAttributes: {}, attempted: false }, { id: 'bad', text: 7 }, null],
        }));
        const record = new SessionRecord({ storage: open(backend), deploymentId: 'dep' });
        assert.equal(record.token, 'tok');
        assert.deepEqual(record.items.map((item) => item.id), ['ok']);
    } finally {
        warnings.stop();
    }
});

test('randomUUID works without crypto.randomUUID (insecure contexts)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    const getRandomValues = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues }, configurable: true });
    try {
        const ids = new Set(Array.from({ length: 50 }, () => randomUUID()));
        assert.equal(ids.size, 50);
        for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
        Object.defineProperty(globalThis, 'crypto', descriptor);
    }
});
