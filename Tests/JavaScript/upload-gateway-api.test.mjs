// The gateway API client (gateway-api.js): credentials, retries, problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayAPI } from '../../Sources/Gateway/Resources/Public/js/gateway-api.js';
import { createFakeGateway } from './support/upload-fake-gateway.mjs';

const fast = { baseMs: 1, capMs: 4, maxAttempts: 3 };

function api(fetchImpl, options = {}) {
    return new GatewayAPI({ gatewayURL: 'http://gw.test/', getSessionToken: async () => 'session-token-1',
        deploymentId: 'dep-1', fetchImpl, retry: fast, ...options });
}

test('registers once and reuses the credential; renews it 60 s before it expires', async () => {
    const gw = createFakeGateway({ credentialTTLms: 3_600_000 });
    let clock = Date.now();
    const client = api(gw.fetch, { now: () => clock });
    await client.ticket({ filename: 'a.txt', size: 3, contentType: 'text/plain' });
    await client.ticket({ filename: 'b.txt', size: 3, contentType: 'text/plain' });
    assert.equal(gw.registrations, 1);
    clock += 3_600_000 - 30_000;
    await client.ticket({ filename: 'c.txt', size: 3, contentType: 'text/plain' });
    assert.equal(gw.registrations, 2);
});

test('concurrent calls share one registration', async () => {
    const gw = createFakeGateway();
    const client = api(gw.fetch);
    await Promise.all([1, 2, 3].map((n) => client.ticket({ filename: `${n}.txt`, size: 3, contentType: 'text/plain' })));
    assert.equal(gw.registrations, 1);
});

test('5xx and 429 are retried (Retry-After honoured up to the cap); 4xx problems are not', async () => {
    const answers = [
        new Response('{}', { status: 503 }),
        new Response('{}', { status: 429, headers: { 'retry-after': '1' } }),
        new Response('{"state":"clean"}', { status: 200 }),
    ];
    const calls = [];
    const client = api(async (url, init) => {
        calls.push(init.method);
        return String(url).endsWith('/v1/guests')
            ? new Response(JSON.stringify({ credential: 'c', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }))
            : answers.shift();
    });
    const started = Date.now();
    assert.deepEqual(await client.status('f1'), { state: 'clean' });
    assert.ok(Date.now() - started < 1000, 'Retry-After is capped by the retry policy');
    assert.equal(calls.length, 4);
    const refusing = api(async () => new Response(JSON.stringify({ type: 'https://attache.dev/problems/invalid-request',
        detail: 'partNumbers must be 1 to 100 distinct numbers' }), { status: 400 }), { getSessionToken: async () => 't' });
    await assert.rejects(refusing.config(), { name: 'GatewayError', status: 400, slug: 'invalid-request',
        message: 'partNumbers must be 1 to 100 distinct numbers' });
});

test('no answer after every retry is a NetworkError; an abort stops at once', async () => {
    let calls = 0;
    const client = api(async () => { calls += 1; throw new TypeError('fetch failed'); });
    await assert.rejects(client.config(), { name: 'NetworkError' });
    assert.equal(calls, 3);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client.config({ signal: controller.signal }), { name: 'AbortError' });
    assert.equal(calls, 3);
});

test('a 401 renews the credential once, then gives up', async () => {
    let registrations = 0;
    const client = api(async (url) => {
        if (String(url).endsWith('/v1/guests')) {
            registrations += 1;
            return new Response(JSON.stringify({ credential: `c${registrations}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
        }
        return new Response(JSON.stringify({ type: 'https://attache.dev/problems/unauthorized', detail: 'expired' }), { status: 401 });
    });
    await assert.rejects(client.status('f1'), { status: 401 });
    assert.equal(registrations, 2);
});

test('file ids are escaped into the path; the base URL loses its trailing slash', async () => {
    const urls = [];
    const client = api(async (url) => {
        urls.push(String(url));
        return new Response(JSON.stringify({ credential: 'c', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), state: 'clean' }));
    });
    await client.status('../admin?x=1');
    assert.equal(urls.at(-1), 'http://gw.test/v1/uploads/..%2Fadmin%3Fx%3D1');
});
