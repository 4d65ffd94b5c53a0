import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
    isStructuredMessage, makesReadOnly, MAX_FRAME_BYTES, readServerFrame, requests,
} from '../../Sources/Gateway/Resources/Public/js/session-protocol.js';

const frame = (overrides = {}) => JSON.stringify({
    type: 'message', class: 'StructuredMessage', code: 200,
    body: { id: 'm1', type: 'Text', text: 'hi', direction: 'Outbound' }, ...overrides,
});

test('a text message carries the client message id as tracingId and metadata.customMessageId', () => {
    const request = requests.textMessage({
        token: 'tok', clientMessageId: 'cid', text: 'Hello', metadata: { attacheFileId: 'f1' }, customAttributes: { attacheGuestId: 'g' },
    });
    assert.deepEqual(request, {
        action: 'onMessage', token: 'tok', tracingId: 'cid',
        message: { type: 'Text', text: 'Hello', metadata: { attacheFileId: 'f1', customMessageId: 'cid' },
            channel: { metadata: { customAttributes: { attacheGuestId: 'g' } } } },
    });
    assert.equal(requests.textMessage({ token: 't', clientMessageId: 'c', text: 'x' }).message.channel, undefined);
});

test('session, heartbeat, jwt, close and typing requests match the protocol', () => {
    assert.deepEqual(requests.configureSession({ token: 't', deploymentId: 'd', tracingId: 'x' }),
        { action: 'configureSession', token: 't', deploymentId: 'd', startNew: false, tracingId: 'x' });
    assert.equal(requests.configureSession({ token: 't', deploymentId: 'd', tracingId: 'x', startNew: true }).startNew, true);
    assert.deepEqual(requests.echo({ token: 't', tracingId: 'e' }), { action: 'echo', token: 't', message: { type: 'Text', text: 'ping' }, tracingId: 'e' });
    assert.deepEqual(requests.getJwt({ token: 't', tracingId: 'j' }), { action: 'getJwt', token: 't', tracingId: 'j' });
    assert.deepEqual(requests.closeSession({ token: 't', tracingId: 'c' }), { action: 'closeSession', token: 't', closeAllConnections: true, tracingId: 'c' });
    assert.deepEqual(requests.typing({ token: 't', tracingId: 'y' }).message, { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] });
});

test('a well-formed frame is read; unknown fields are ignored', () => {
    const { frame: read, warning } = readServerFrame(frame({ tracingId: 'tr', extra: { anything: 1 } }));
    assert.equal(warning, undefined);
    assert.equal(read.class, 'StructuredMessage');
    assert.equal(read.tracingId, 'tr');
    assert.equal(read.body.text, 'hi');
    assert.ok(readServerFrame(JSON.stringify({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: false, readOnly: false, maxCustomDataBytes: 100 } })).frame);
    assert.ok(readServerFrame(JSON.stringify({ type: 'response', class: 'string', code: 4011, body: 'Message too long' })).frame);
    assert.ok(readServerFrame(JSON.stringify({ type: 'message', class: 'SessionExpiredEvent', code: 200, body: {} })).frame);
});

test('hostile frames come back as warnings, never throw', () => {
    const hostile = [
        new ArrayBuffer(4),
        undefined,
        'not json',
        '{"type":',
        '[1,2,3]',
        'null',
        '42',
        JSON.stringify({ class: 'StructuredMessage', body: {} }),
        JSON.stringify({ type: 'message', class: 'EvilClass', code: 200, body: {} }),
        JSON.stringify({ type: 'message', class: '__proto__', code: 200, body: {} }),
        JSON.stringify({ type: 'message', class: 'toString', code: 200, body: {} }),
        frame({ code: '200' }),
        frame({ tracingId: 7 }),
        frame({ body: { id: 'm1', type: 'Text', direction: 'Sideways' } }),
        frame({ body: { id: 42, type: 'Text', direction: 'Outbound' } }),
        frame({ body: { id: 'm', type: 'Text', direction: 'Outbound', metadata: { n: 1 } } }),
        frame({ body: { id: 'm', type: 'Text', direction: 'Outbound', text: { html: '<b>' } } }),
        frame({ body: { id: 'm', type: 'Text', direction: 'Outbound', content: 'x' } }),
        JSON.stringify({ type: 'response', class: 'SessionResponse', code: 200, body: { readOnly: 'yes' } }),
        JSON.stringify({ type: 'response', class: 'JwtResponse', code: 200, body: { jwt: 5 } }),
        JSON.stringify({ type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, body: { retryAfter: 'soon' } }),
        JSON.stringify({ type: 'response', class: 'string', code: 4011, body: { text: 'x' } }),
        '['.repeat(500_000),
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        `{"type":"message","class":"StructuredMessage","code":200,"body":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    ];
    for (const data of hostile) {
        const result = readServerFrame(data);
        assert.equal(result.frame, undefined, `accepted: ${String(data).slice(0, 80)}`);
        assert.equal(typeof result.warning, 'string');
    }
});

test('frames over 1 MiB are ignored, measured in UTF-8 bytes', () => {
    const padding = (size, char) => char.repeat(size);
    const justUnder = frame({ body: { id: 'm', type: 'Text', direction: 'Outbound', text: padding(MAX_FRAME_BYTES - 200, 'a') } });
    assert.ok(readServerFrame(justUnder).frame);
    const huge = frame({ body: { id: 'm', type: 'Text', direction: 'Outbound', text: padding(MAX_FRAME_BYTES + 1, 'a') } });
    assert.match(readServerFrame(huge).warning, /larger than/);
    const multibyte = frame({ body: { id: 'm', type: 'Text', direction: 'Outbound', text: padding(400_000, '€') } });
    assert.ok(multibyte.length < MAX_FRAME_BYTES, 'fewer characters than the limit');
    assert.match(readServerFrame(multibyte).warning, /larger than/, 'but more bytes');
});

test('warnings never quote the frame content', () => {
    const secret = 'the-guest-wrote-this';
    for (const data of [`{"text":"${secret}"`, frame({ body: { id: 'm', type: 'Text', direction: 'Nope', text: secret } })]) {
        assert.ok(!readServerFrame(data).warning.includes(secret));
    }
});

test('read-only needs an Outbound Presence Disconnect with metadata.readOnly "true"', () => {
    const message = { id: 'p', type: 'Event', direction: 'Outbound', metadata: { readOnly: 'true' }, events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }] };
    assert.ok(isStructuredMessage(message));
    assert.equal(makesReadOnly(message), true);
    assert.equal(makesReadOnly({ ...message, metadata: { readOnly: 'false' } }), false);
    assert.equal(makesReadOnly({ ...message, direction: 'Inbound' }), false);
    assert.equal(makesReadOnly({ ...message, events: [{ eventType: 'Presence', presence: { type: 'Join' } }] }), false);
});
