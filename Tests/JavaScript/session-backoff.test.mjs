import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
    allowsAttempt, normalizePolicy, reconnectCeiling, reconnectDelay,
} from '../../Sources/Gateway/Resources/Public/js/session-backoff.js';

const policy = normalizePolicy({ baseMs: 1000, capMs: 30000, maxAttempts: 5 });

test('the ceiling doubles from the base and stops at the cap', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 40].map((n) => reconnectCeiling(policy, n)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    assert.equal(reconnectCeiling(policy, -3), 1000);
});

test('full jitter: the delay is random * ceiling, within [0, ceiling]', () => {
    assert.equal(reconnectDelay(policy, 3, 0), 0);
    assert.equal(reconnectDelay(policy, 3, 0.5), 4000);
    assert.equal(reconnectDelay(policy, 3, 0.999999), 8000);
    assert.equal(reconnectDelay(policy, 10, 0.25), 7500);
    assert.equal(reconnectDelay(policy, 2, 7), 4000, 'random is clamped');
    assert.equal(reconnectDelay(policy, 2, -1), 0);
    assert.equal(reconnectDelay(policy, 2, Number.NaN), 0);
    for (let attempt = 0; attempt < 12; attempt += 1) {
        for (let sample = 0; sample < 200; sample += 1) {
            const delay = reconnectDelay(policy, attempt, Math.random());
            assert.ok(delay >= 0 && delay <= reconnectCeiling(policy, attempt), `attempt ${attempt}: ${delay}`);
        }
    }
});

test('jitter spreads delays over the whole range (not a fixed interval)', () => {
    const delays = new Set();
    for (let sample = 0; sample < 100; sample += 1) delays.add(reconnectDelay(policy, 4, Math.random()));
    assert.ok(delays.size > 50);
    const values = [...delays];
    assert.ok(Math.min(...values) < 4000 && Math.max(...values) > 12000);
});

test('maxAttempts bounds the attempts; defaults fill in bad values', () => {
    assert.equal(allowsAttempt(policy, 4), true);
    assert.equal(allowsAttempt(policy, 5), false);
    const defaults = normalizePolicy({ baseMs: -1, capMs: 'x' });
    assert.deepEqual(defaults, { baseMs: 1000, capMs: 30000, maxAttempts: Infinity });
    assert.equal(allowsAttempt(defaults, 1e9), true);
});
