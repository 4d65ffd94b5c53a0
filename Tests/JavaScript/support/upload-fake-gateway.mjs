/**
 * @file upload-fake-gateway.mjs — a fake Attaché gateway plus object store behind one `fetch`.
 *
 * Speaks the routes of `Sources/Gateway/HTTP/UploadRoutes.swift` with the JSON shapes of
 * `UploadAPI.swift` and the checks of `UploadService.complete` (parts 1…N in order, ETags equal to
 * what the store holds, sizes), plus `GET /v1/guest/config`. Presigned URLs point at
 * `http://s3.test/` and carry a fake signature and an expiry; PUTs to them are counted per file and
 * part number. Knobs: part size and single-PUT threshold (bytes), whether the ETag header is
 * exposed, scripted PUT failures, a hook that can hold a PUT, credential revocation, state changes
 * pushed to the SSE stream, SSE chunk size (to split events anywhere) and early stream ends.
 */

import { createHash } from 'node:crypto';

const gatewayBase = 'http://gw.test';
const storeBase = 'http://s3.test';

/** A JSON response. */
function json(status, body, headers = {}) {
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A problem response like the gateway's. */
function problem(status, slug, detail) {
    return new Response(JSON.stringify({ type: `https://attache.dev/problems/${slug}`, title: slug, status, detail }), {
        status, headers: { 'content-type': 'application/problem+json' },
    });
}

function abortIfNeeded(signal) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
}

/**
 * @param {object} [options]
 * @param {number} [options.partSize]
 * @param {number} [options.singlePutThreshold]
 * @param {number} [options.initialPartURLs]
 * @param {boolean} [options.exposeETag] whether PUT answers carry a readable ETag
 * @param {object} [options.policy] the `.policy` of `GET /v1/guest/config`
 * @param {number} [options.credentialTTLms]
 * @param {{state: string, reason?: string} | null} [options.scanResult] set this many ms after complete
 * @param {number} [options.sseChunkSize] bytes per SSE chunk (0: whole writes)
 * @param {number} [options.sseMaxEvents] end each stream after this many events (reconnect tests)
 */
export function createFakeGateway({
    partSize = 4, singlePutThreshold = 8, initialPartURLs = 10, exposeETag = true, credentialTTLms = 3_600_000,
    policy = { maxFileSize: 1000, partSize: 4, allowedTypes: ['text/plain', 'application/pdf', 'audio/'],
        blockedExtensions: ['exe', 'js'], quotaBytes: 100_000 },
    scanResult = { state: 'clean' }, sseChunkSize = 0, sseMaxEvents = Infinity,
} = {}) {
    const gw = {
        /** Every request: `{method, path}` (gateway) or `{method, store: true, fileId, part}`. */
        log: [],
        /** PUT attempts that reached the store, by `fileId:part` (part 0: single PUT). */
        putAttempts: new Map(),
        /** Successful PUTs by `fileId:part`. */
        putsStored: new Map(),
        registrations: 0,
        uploads: new Map(),
        credentials: new Map(),
        /** Scripted failures: `[{part, times, status | 'network'}]` consumed in order. */
        failures: [],
        /** `async ({fileId, part, signal}) => void` run before a PUT is stored (may wait, may throw). */
        beforePut: null,
        scanResult,
        sseChunkSize,
        sseMaxEvents,
        exposeETag,
        policy,
        listeners: new Map(),
        counter: 0,
    };

    gw.partsOf = (fileId) => [...(gw.uploads.get(fileId)?.parts.keys() ?? [])].sort((a, b) => a - b);
    gw.revokeCredentials = () => gw.credentials.clear();
    gw.attempts = (fileId, part) => gw.putAttempts.get(`${fileId}:${part}`) ?? 0;
    gw.stored = (fileId, part) => gw.putsStored.get(`${fileId}:${part}`) ?? 0;
    gw.gatewayCalls = (method, pattern) => gw.log.filter((entry) => entry.path && entry.method === method
        && pattern.test(entry.path)).length;
    gw.setState = (fileId, state, reason) => {
        const upload = gw.uploads.get(fileId);
        upload.state = state;
        upload.reason = reason;
        for (const listener of gw.listeners.get(fileId) ?? []) listener();
    };

    function status(upload) {
        const body = { contentType: upload.contentType, createdAt: upload.createdAt, fileId: upload.fileId,
            filename: upload.filename, size: upload.size, state: upload.state, updatedAt: upload.createdAt };
        if (upload.reason) body.reason = upload.reason;
        return body;
    }

    function partURL(upload, n) {
        const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
        return { partNumber: n, url: `${storeBase}/quarantine/${upload.fileId}?partNumber=${n}&uploadId=${upload.uploadId}`
            + '&X-Amz-Signature=secret-signature', expiresAt };
    }

    function authenticate(init) {
        const header = new Headers(init?.headers).get('authorization') ?? '';
        const held = gw.credentials.get(header.replace(/^Bearer /, ''));
        if (!header.startsWith('Bearer ') || !held || held.expiresAt < Date.now()) return null;
        return held.guestId;
    }

    async function body(init) {
        return init?.body ? JSON.parse(String(init.body)) : {};
    }

    async function storePut(url, init) {
        abortIfNeeded(init?.signal);
        const fileId = url.pathname.split('/').pop();
        const upload = gw.uploads.get(fileId);
        const part = url.searchParams.has('partNumber') ? Number(url.searchParams.get('partNumber')) : 0;
        const key = `${fileId}:${part}`;
        gw.log.push({ method: 'PUT', store: true, fileId, part });
        gw.putAttempts.set(key, (gw.putAttempts.get(key) ?? 0) + 1);
        const failure = gw.failures.find((f) => f.part === part && f.times > 0 && (!f.fileId || f.fileId === fileId));
        if (failure) {
            failure.times -= 1;
            if (failure.status === 'network') throw new TypeError('fetch failed');
            return new Response('<Error><Code>InternalError</Code></Error>', { status: failure.status });
        }
        if (!url.searchParams.get('X-Amz-Signature')) return new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403 });
        if (gw.beforePut) await gw.beforePut({ fileId, part, signal: init?.signal });
        abortIfNeeded(init?.signal);
        const bytes = new Uint8Array(await new Response(init.body).arrayBuffer());
        abortIfNeeded(init?.signal);
        if (!upload || upload.state !== 'awaiting_upload') return new Response('<Error><Code>NoSuchUpload</Code></Error>', { status: 404 });
        const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
        if (part === 0) {
            const headers = new Headers(init.headers);
            if (headers.get('content-type') !== upload.contentType) {
                return new Response('<Error><Code>SignatureDoesNotMatch</Code></Error>', { status: 403 });
            }
            upload.object = bytes;
        } else {
            upload.parts.set(part, { etag, size: bytes.length, bytes });
        }
        gw.putsStored.set(key, (gw.putsStored.get(key) ?? 0) + 1);
        return new Response(null, { status: 200, headers: gw.exposeETag ? { etag } : {} });
    }

    function events(upload, signal) {
        const encoder = new TextEncoder();
        let sent = 0;
        let last = null;
        return new ReadableStream({
            start(controller) {
                const listeners = gw.listeners.get(upload.fileId) ?? new Set();
                gw.listeners.set(upload.fileId, listeners);
                const write = (text) => {
                    const bytes = encoder.encode(text);
                    const size = gw.sseChunkSize || bytes.length;
                    for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
                };
                const finish = () => {
                    listeners.delete(push);
                    try { controller.close(); } catch { /* closed */ }
                };
                const push = () => {
                    const key = `${upload.state}|${upload.reason ?? ''}`;
                    if (key === last) return;
                    last = key;
                    sent += 1;
                    write(`id: ${sent}\r\nevent: state\r\ndata: ${JSON.stringify(status(upload))}\r\n\r\n`);
                    if (['clean', 'rejected', 'expired'].includes(upload.state) || sent >= gw.sseMaxEvents) finish();
                };
                listeners.add(push);
                signal?.addEventListener('abort', finish);
                write('retry: 20\n: hello\n\n');
                push();
            },
        });
    }

    async function gateway(method, path, init) {
        const url = new URL(path, gatewayBase);
        gw.log.push({ method, path: url.pathname });
        if (method === 'GET' && url.pathname === '/v1/guest/config') {
            return json(200, { deploymentId: 'dep-1', keyword: 'S3_FILE_UPLOADED', policy: gw.policy });
        }
        if (method === 'POST' && url.pathname === '/v1/guests') {
            const { sessionToken, deploymentId } = await body(init);
            if (!sessionToken || !deploymentId) return problem(400, 'invalid-request', 'sessionToken is required');
            gw.registrations += 1;
            const credential = `cred-${++gw.counter}`;
            const guestId = `guest-${sessionToken}`;
            const expiresAt = Date.now() + credentialTTLms;
            gw.credentials.set(credential, { guestId, expiresAt });
            return json(200, { credential, expiresAt: new Date(expiresAt).toISOString(), guestId });
        }
        const guestId = authenticate(init);
        if (!guestId) return problem(401, 'unauthorized', 'A valid guest credential is required.');
        if (method === 'POST' && url.pathname === '/v1/uploads') {
            const request = await body(init);
            if (!(request.size > 0)) return problem(400, 'invalid-size', 'size must be positive');
            if (request.size > gw.policy.maxFileSize) return problem(413, 'file-too-large', 'The file is too large.');
            const fileId = `f${String(++gw.counter).padStart(8, '0')}`;
            const upload = { fileId, guestId, filename: request.filename, size: request.size, sha256: request.sha256,
                contentType: request.contentType, state: 'awaiting_upload', createdAt: new Date().toISOString(),
                parts: new Map(), object: null, uploadId: null };
            gw.uploads.set(fileId, upload);
            if (request.size <= singlePutThreshold) {
                return json(201, { fileId, state: 'awaiting_upload', upload: { method: 'PUT', expiresAt:
                    new Date(Date.now() + 900_000).toISOString(), headers: { 'Content-Type': request.contentType,
                    'Content-Length': String(request.size) }, url: `${storeBase}/quarantine/${fileId}?X-Amz-Signature=secret-signature` } });
            }
            upload.uploadId = `mpu-${fileId}`;
            upload.partSize = partSize;
            const partCount = Math.ceil(request.size / partSize);
            const first = Array.from({ length: Math.min(partCount, initialPartURLs) }, (_, i) => partURL(upload, i + 1));
            return json(201, { fileId, state: 'awaiting_upload', upload: { uploadId: upload.uploadId, partSize,
                partCount, parts: first } });
        }
        const match = /^\/v1\/uploads\/([^/]+)(\/[a-z]+)?$/.exec(url.pathname);
        const upload = match && gw.uploads.get(decodeURIComponent(match[1]));
        if (!upload || upload.guestId !== guestId) return problem(404, 'upload-not-found', 'There is no upload with this id for this guest.');
        const route = `${method} ${match[2] ?? ''}`;
        const count = upload.uploadId ? Math.ceil(upload.size / upload.partSize) : 1;
        switch (route) {
            case 'GET ': return json(200, status(upload));
            case 'DELETE ':
                if (upload.state !== 'awaiting_upload' && upload.state !== 'expired') return problem(409, 'invalid-state', 'not abortable');
                gw.setState(upload.fileId, 'expired', 'aborted by the guest');
                return json(200, status(upload));
            case 'POST /parts': {
                const { partNumbers } = await body(init);
                if (upload.state !== 'awaiting_upload') return problem(409, 'invalid-state', 'no longer awaiting');
                if (!Array.isArray(partNumbers) || partNumbers.length === 0 || partNumbers.length > 100
                    || new Set(partNumbers).size !== partNumbers.length || partNumbers.some((n) => n < 1 || n > count)) {
                    return problem(400, 'invalid-request', 'bad partNumbers');
                }
                return json(200, { parts: partNumbers.map((n) => partURL(upload, n)) });
            }
            case 'GET /parts':
                if (!upload.uploadId) return problem(409, 'invalid-state', 'single PUT');
                if (upload.state !== 'awaiting_upload') return problem(409, 'invalid-state', 'assembled or gone');
                return json(200, { uploadId: upload.uploadId, partSize: upload.partSize, parts: [...upload.parts.entries()]
                    .sort((a, b) => a[0] - b[0]).map(([partNumber, p]) => ({ partNumber, etag: p.etag, size: p.size })) });
            case 'POST /complete': return complete(upload, (await body(init)).parts ?? [], count);
            case 'GET /events':
                return new Response(events(upload, init?.signal), { status: 200, headers: { 'content-type': 'text/event-stream' } });
            default: return problem(404, 'not-found', 'no route');
        }
    }

    function complete(upload, parts, count) {
        if (upload.state === 'expired') return problem(409, 'invalid-state', 'The upload was aborted or has expired.');
        if (upload.state !== 'awaiting_upload') return json(200, status(upload));
        if (upload.uploadId) {
            if (parts.map((p) => p.partNumber).join() !== Array.from({ length: count }, (_, i) => i + 1).join()) {
                return problem(400, 'parts-mismatch', 'Expected parts 1…N in order.');
            }
            for (const p of parts) {
                const held = upload.parts.get(p.partNumber);
                if (!held || held.etag.replaceAll('"', '') !== String(p.etag).replaceAll('"', '')) {
                    return problem(400, 'parts-mismatch', `Part ${p.partNumber} does not match.`);
                }
            }
            upload.content = Buffer.concat(parts.map((p) => upload.parts.get(p.partNumber).bytes));
        } else {
            if (parts.length > 0) return problem(400, 'parts-mismatch', 'no parts for a single PUT');
            if (!upload.object) return problem(409, 'upload-incomplete', 'The file has not been uploaded yet.');
            upload.content = Buffer.from(upload.object);
        }
        if (upload.content.length !== upload.size) return problem(400, 'size-mismatch', 'size differs');
        gw.setState(upload.fileId, 'uploaded');
        if (gw.scanResult) {
            setTimeout(() => gw.setState(upload.fileId, 'scanning'), 2);
            setTimeout(() => gw.setState(upload.fileId, gw.scanResult.state, gw.scanResult.reason), 6);
        }
        return json(200, status(upload));
    }

    /** The fetch to hand to the code under test. */
    gw.fetch = async (input, init = {}) => {
        abortIfNeeded(init.signal);
        const url = new URL(String(input), gatewayBase);
        const method = (init.method ?? 'GET').toUpperCase();
        await Promise.resolve();
        if (url.origin === storeBase && method === 'PUT') return storePut(url, init);
        if (url.origin === gatewayBase || String(input).startsWith('/')) return gateway(method, url.pathname + url.search, init);
        throw new TypeError('fetch failed');
    };
    return gw;
}

/** A Blob with a name, like a File from an `<input type=file>`. */
export function namedBlob(text, name, type = 'text/plain') {
    const blob = new Blob([text], { type });
    Object.defineProperty(blob, 'name', { value: name });
    return blob;
}

/** Resolves when `target` dispatches `type` with a detail matching `predicate`. */
export function nextEvent(target, type, predicate = () => true, timeoutMs = 3000) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
        target.addEventListener(type, function listener(event) {
            if (!predicate(event.detail)) return;
            clearTimeout(timer);
            target.removeEventListener(type, listener);
            resolve(event.detail);
        });
    });
}
