// The PUT transfers (upload-transfer.js): XHR with progress, ETag only when exposed, aborts, stalls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposedHeader, fetchTransfer, s3ErrorCode, sendableHeaders, xhrTransfer }
    from '../../Sources/Gateway/Resources/Public/js/upload-transfer.js';

/** A scripted XMLHttpRequest: `script(xhr)` decides what happens after send(). */
function fakeXHR(script) {
    return class FakeXHR {
        constructor() {
            this.headers = {};
            this.upload = {};
            this.aborted = false;
            FakeXHR.last = this;
        }
        open(method, url) { this.method = method; this.url = url; }
        setRequestHeader(name, value) { this.headers[name] = value; }
        getAllResponseHeaders() { return this.responseHeaders ?? ''; }
        send(body) { this.body = body; script(this); }
        abort() {
            if (this.aborted) return;
            this.aborted = true;
            queueMicrotask(() => this.onabort?.());
        }
    };
}

test('XHR: forbidden headers dropped, progress reported, ETag read from the exposed headers', async () => {
    const XHR = fakeXHR((xhr) => setTimeout(() => {
        xhr.upload.onprogress?.({ loaded: 3 });
        xhr.upload.onprogress?.({ loaded: 6 });
        xhr.status = 200;
        xhr.responseHeaders = 'content-length: 0\r\nETag: "abc"\r\n';
        xhr.onload();
    }, 1));
    const progress = [];
    const result = await xhrTransfer(XHR)({
        url: 'http://s3.test/x?X-Amz-Signature=s', headers: { 'Content-Type': 'text/plain', 'Content-Length': '6' },
        body: new Blob(['abcdef']), onProgress: (loaded) => progress.push(loaded),
    });
    assert.deepEqual(result, { status: 200, etag: '"abc"', code: '' });
    assert.deepEqual(progress, [3, 6]);
    assert.deepEqual(XHR.last.headers, { 'Content-Type': 'text/plain' });
    assert.equal(XHR.last.method, 'PUT');
});

test('XHR: no exposed ETag → null; an S3 error answer gives its code only', async () => {
    const XHR = fakeXHR((xhr) => setTimeout(() => {
        xhr.status = 403;
        xhr.responseText = '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';
        xhr.onload();
    }, 1));
    assert.deepEqual(await xhrTransfer(XHR)({ url: 'u', headers: {}, body: new Blob(['x']) }),
        { status: 403, etag: null, code: 'AccessDenied' });
});

test('XHR: abort via the signal rejects with AbortError; a network error with NetworkError', async () => {
    const hanging = fakeXHR(() => {});
    const controller = new AbortController();
    const pending = xhrTransfer(hanging)({ url: 'u', headers: {}, body: new Blob(['x']), signal: controller.signal });
    controller.abort('paused');
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(hanging.last.aborted, true);
    const failing = fakeXHR((xhr) => setTimeout(() => xhr.onerror(), 1));
    await assert.rejects(xhrTransfer(failing)({ url: 'u', headers: {}, body: new Blob(['x']) }), { name: 'NetworkError' });
});

test('XHR: a request without progress for stallMs is a NetworkError', async () => {
    const hanging = fakeXHR(() => {});
    await assert.rejects(xhrTransfer(hanging, { stallMs: 5 })({ url: 'u', headers: {}, body: new Blob(['x']) }),
        { name: 'NetworkError', message: 'the upload stalled' });
});

test('fetch: the same result shape; a thrown fetch is a NetworkError naming no URL', async () => {
    const ok = fetchTransfer(async () => new Response(null, { status: 200, headers: { etag: '"e1"' } }));
    assert.deepEqual(await ok({ url: 'u', headers: {}, body: new Blob(['x']) }), { status: 200, etag: '"e1"', code: '' });
    const down = fetchTransfer(async () => { throw new TypeError('fetch failed: http://s3.test/?X-Amz-Signature=s'); });
    await assert.rejects(down({ url: 'http://s3.test/?X-Amz-Signature=s', headers: {}, body: new Blob(['x']) }),
        (error) => error.name === 'NetworkError' && !/Signature|s3\.test/.test(error.message));
});

test('helpers', () => {
    assert.deepEqual(sendableHeaders({ HOST: 'x', 'content-length': '1', 'x-amz-server-side-encryption': 'AES256' }),
        { 'x-amz-server-side-encryption': 'AES256' });
    assert.equal(s3ErrorCode('<Error><Code>SlowDown</Code></Error>'), 'SlowDown');
    assert.equal(s3ErrorCode('nothing'), '');
    assert.equal(exposedHeader('A: 1\r\netag: "x"', 'etag'), '"x"');
    assert.equal(exposedHeader('', 'etag'), null);
});

test('UploadManager over XHR: in-flight progress between acknowledged parts, ETags from exposed headers', async () => {
    const { createFakeGateway, namedBlob, nextEvent } = await import('./support/upload-fake-gateway.mjs');
    const { makeManager, content } = await import('./support/upload-harness.mjs');
    const gw = createFakeGateway({ partSize: 4 });
    /** An XHR that sends through the fake store, reporting half the body first. */
    class GatewayXHR {
        constructor() { this.upload = {}; this.headers = {}; this.controller = new AbortController(); }
        open(method, url) { this.method = method; this.url = url; }
        setRequestHeader(name, value) { this.headers[name] = value; }
        getAllResponseHeaders() { return this.responseHeaders; }
        abort() { this.controller.abort(); }
        send(body) {
            setTimeout(() => this.upload.onprogress?.({ loaded: Math.floor(body.size / 2) }), 0);
            setTimeout(async () => {
                try {
                    const response = await gw.fetch(this.url, { method: 'PUT', headers: this.headers, body, signal: this.controller.signal });
                    this.status = response.status;
                    this.responseText = await response.text();
                    this.responseHeaders = [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\r\n');
                    this.onload();
                } catch (error) {
                    if (error.name === 'AbortError') this.onabort(); else this.onerror();
                }
            }, 1);
        }
    }
    const { uploads, events } = makeManager(gw, { transfer: xhrTransfer(GatewayXHR), concurrency: 1 });
    await uploads.add(namedBlob(content(12), 'xhr.txt'));
    const done = await nextEvent(uploads, 'state', (d) => d.state === 'clean');
    const sent = events.filter((e) => e.type === 'progress').map((e) => e.bytesSent);
    assert.ok(sent.includes(2) && sent.includes(6) && sent.includes(10), `in-flight progress: ${sent}`);
    assert.deepEqual(sent, [...sent].sort((a, b) => a - b));
    assert.equal(gw.gatewayCalls('GET', /\/parts$/), 0, 'ETags came with the PUT answers');
    assert.equal(gw.uploads.get(done.fileId).content.toString(), content(12));
});
