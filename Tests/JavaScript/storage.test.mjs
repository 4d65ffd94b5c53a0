import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStorage } from '../../Sources/Gateway/Resources/Public/js/storage.js';
import { captureWarnings } from './support/harness.mjs';
import { FakeWebStorage } from './support/fake-storage.mjs';

test('values round-trip as JSON under the prefix and survive a reopen', () => {
    const backend = new FakeWebStorage();
    const storage = openStorage({ prefix: 'p.', backend });
    assert.equal(storage.persistent, true);
    storage.set('session', { token: 't', outbox: [1, 2] });
    assert.equal(backend.getItem('p.session'), JSON.stringify({ token: 't', outbox: [1, 2] }));
    assert.deepEqual(openStorage({ prefix: 'p.', backend }).get('session'), { token: 't', outbox: [1, 2] });
    assert.equal(openStorage({ prefix: 'other.', backend }).get('session'), undefined);
    storage.remove('session');
    assert.equal(storage.get('session'), undefined);
    assert.equal(backend.length, 0, 'the probe key is removed too');
});

test('the default prefix is attache.', () => {
    const backend = new FakeWebStorage();
    openStorage({ backend }).set('k', 1);
    assert.equal(backend.getItem('attache.k'), '1');
});

test('a stored value that is not JSON reads as undefined', () => {
    const warnings = captureWarnings();
    try {
        const backend = new FakeWebStorage();
        backend.setItem('attache.session', '{broken');
        assert.equal(openStorage({ backend }).get('session'), undefined);
        assert.equal(warnings.lines.length, 1);
        assert.ok(!warnings.lines[0].includes('broken'), 'the value is not logged');
    } finally {
        warnings.stop();
    }
});

test('private mode (every call throws) falls back to memory with persistent false', () => {
    const warnings = captureWarnings();
    try {
        const backend = new FakeWebStorage({ failures: { setItem: true, getItem: true, removeItem: true } });
        const storage = openStorage({ backend });
        assert.equal(storage.persistent, false);
        storage.set('session', { token: 'secret-token' });
        assert.deepEqual(storage.get('session'), { token: 'secret-token' });
        storage.remove('session');
        assert.equal(storage.get('session'), undefined);
        assert.ok(warnings.lines.every((line) => !line.includes('secret-token')));
    } finally {
        warnings.stop();
    }
});

test('no localStorage at all (null backend) is memory only', () => {
    const storage = openStorage({ backend: null });
    assert.equal(storage.persistent, false);
    storage.set('a', [1]);
    assert.deepEqual(storage.get('a'), [1]);
});

test('a quota error on a later write switches to memory, keeps earlier values and fires fallback', () => {
    const warnings = captureWarnings();
    try {
        const backend = new FakeWebStorage();
        const storage = openStorage({ backend });
        storage.set('first', 'kept');
        let fallbacks = 0;
        storage.addEventListener('fallback', () => { fallbacks += 1; });
        backend.failures.setItem = true;
        storage.set('second', { big: 'value' });
        assert.equal(storage.persistent, false);
        assert.equal(fallbacks, 1);
        assert.equal(storage.get('first'), 'kept', 'values written before the failure are still readable');
        assert.deepEqual(storage.get('second'), { big: 'value' });
        storage.set('third', 3);
        assert.equal(fallbacks, 1, 'the fallback happens once');
        assert.equal(storage.get('third'), 3);
    } finally {
        warnings.stop();
    }
});
