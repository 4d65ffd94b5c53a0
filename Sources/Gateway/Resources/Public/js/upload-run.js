/**
 * @file upload-run.js — one attempt at sending a file through the gateway (used by uploads.js).
 *
 * The JS twin of the Swift `GatewayUploader` + `MultipartRun` + `PartSender`:
 * 1. without a file id: a ticket (`POST /v1/uploads`, with the SHA-256 of small files); with one
 *    (pause/resume, reload): what the gateway and the store already hold — multipart: the parts
 *    listed by `GET /v1/uploads/{id}/parts` (right size only) are done; single PUT: a PUT whose
 *    URL is still in hand is repeated, else `complete` is tried and, if the bytes are not there,
 *    the upload starts over with a new ticket (an old one is aborted); an upload the gateway no
 *    longer knows (404 — e.g. a new conversation, hence a new guest — or expired) starts over
 *    too, at most twice;
 * 2. the bytes: one PUT with exactly the ticket's headers, or the missing parts with at most
 *    `concurrency` PUTs in flight across the manager, each part retried `partRetries` times with
 *    full-jitter backoff (no answer, 408, 429, 5xx with the same URL; 400/403 — expired or stale
 *    signature — with a fresh URL from `POST /v1/uploads/{id}/parts`, fetched ten at a time);
 *    the resume record is saved after every acknowledged part;
 * 3. `POST /v1/uploads/{id}/complete` with every part's ETag; ETags the store did not expose
 *    through CORS are read from `GET /v1/uploads/{id}/parts` first (parts it lacks are sent again).
 *
 * `run(manager, entry, signal)` resolves with the gateway's status after completion and rejects
 * with AbortError (pause/cancel), NetworkError (no connection after every retry) or another error.
 */

import { GatewayError, isTransientStatus } from './gateway-api.js';
import { abortError, backoffDelay, isAbortError, NetworkError, sleep } from './upload-backoff.js';

/** The upload must start over with a new ticket. */
class Restart extends Error {
    constructor(why) {
        super(why);
        this.name = 'Restart';
    }
}

/** The object store refused a PUT. */
export class StorageError extends Error {
    /** @param {number} status @param {string} code @param {number} part */
    constructor(status, code, part) {
        super(`The storage refused part ${part} (${code || `HTTP ${status}`}).`);
        this.name = 'StorageError';
        this.status = status;
    }
}

/** A URL this close to expiry is replaced before use. */
const expiryMarginMs = 30_000;
/** Part URLs asked for at once. */
const urlBatch = 10;

/** Bytes of part `n` (1-based). */
export function partLength(record, n) {
    return Math.max(0, Math.min(record.partSize, record.size - (n - 1) * record.partSize));
}

/** Bytes of the parts the store acknowledged. */
export function acknowledgedBytes(record) {
    return Object.keys(record.parts ?? {}).reduce((sum, n) => sum + partLength(record, Number(n)), 0);
}

/**
 * Uploads and completes `entry`; see the file comment.
 * @param {import('./uploads.js').UploadManager} m
 * @param {any} entry
 * @param {AbortSignal} signal
 */
export async function run(m, entry, signal) {
    for (let restarts = 0; ; restarts += 1) {
        try {
            const done = await prepare(m, entry, signal);
            if (done) return done;
            if (entry.record.kind === 'multipart') await sendParts(m, entry, signal);
            else await sendSingle(m, entry, signal);
            return await complete(m, entry, signal);
        } catch (error) {
            // A new conversation means a new guest, who does not own the old upload (404): start over.
            const restart = error instanceof Restart || error?.slug === 'upload-not-found';
            if (!restart || signal.aborted || restarts >= 2) {
                if (restart) throw new Error(`The upload could not be completed: ${error.message}`);
                throw error;
            }
            await reset(m, entry, signal);
        }
    }
}

/** Forgets the gateway side of the record (aborting an unfinished ticket) so a new ticket is asked for. */
async function reset(m, entry, signal) {
    const { record } = entry;
    if (record.fileId) await m.api.abort(record.fileId, { signal }).catch(() => {});
    Object.assign(record, { fileId: null, kind: null, uploadId: null, partSize: 0, partCount: 0, parts: {} });
    entry.urls.clear();
    entry.put = null;
    await m.persist(entry);
}

/** Ticket, or what is already done; resolves with a status when the gateway already has the file. */
async function prepare(m, entry, signal) {
    const { record } = entry;
    if (!record.fileId) {
        await ticket(m, entry, signal);
        return null;
    }
    if (record.kind === 'multipart') {
        let listing;
        try {
            listing = await m.api.listParts(record.fileId, { signal });
        } catch (error) {
            if (error?.status === 404) throw new Restart('the gateway no longer knows this upload');
            if (error?.status === 409) return settled(m, entry, signal);
            throw error;
        }
        applyListing(entry, listing);
        await m.persist(entry);
        m.emitProgress(entry);
        return null;
    }
    if (entry.put && entry.put.expiresAt - m.now() > expiryMarginMs) return null;
    const status = await settled(m, entry, signal, true);
    if (status) return status;
    try {
        return await m.api.complete(record.fileId, [], { signal });
    } catch (error) {
        if (error?.status === 409 || error?.status === 400) throw new Restart('the file has to be sent again');
        throw error;
    }
}

/**
 * The gateway's status when the upload is past its bytes; restarts when it is unknown or expired.
 * @returns {Promise<object | null>} `null` when it still awaits its bytes and `awaiting` allows that
 */
async function settled(m, entry, signal, awaiting = false) {
    let status;
    try {
        status = await m.api.status(entry.record.fileId, { signal });
    } catch (error) {
        if (error?.status === 404) throw new Restart('the gateway no longer knows this upload');
        throw error;
    }
    if (status?.state === 'expired') throw new Restart('the upload expired at the gateway');
    if (status?.state === 'awaiting_upload') {
        if (awaiting) return null;
        throw new Restart('the gateway cannot list the parts of this upload');
    }
    return status;
}

/** Lowercase hex SHA-256 of a small Blob, or undefined when it is large or Web Crypto is missing. */
async function sha256(blob, limit) {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle || blob.size > limit) return undefined;
    const digest = new Uint8Array(await subtle.digest('SHA-256', await blob.arrayBuffer()));
    return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function ticket(m, entry, signal) {
    const { record } = entry;
    if (record.sha256 === undefined) record.sha256 = (await sha256(entry.blob, m.hashLimit)) ?? null;
    const body = { filename: record.name, size: record.size, contentType: record.type };
    if (record.sha256) body.sha256 = record.sha256;
    const answer = await m.api.ticket(body, { signal });
    const upload = answer?.upload;
    if (typeof answer?.fileId !== 'string' || !upload || typeof upload !== 'object') {
        throw new GatewayError({ status: 201, slug: 'protocol', message: 'The gateway sent an unusable ticket.' });
    }
    if (typeof upload.uploadId === 'string') {
        const partSize = Number(upload.partSize);
        const count = partSize > 0 ? Math.ceil(record.size / partSize) : 0;
        if (!(partSize > 0) || upload.partCount !== count) {
            throw new GatewayError({ status: 201, slug: 'protocol', message: 'The ticket\'s parts do not fit the file.' });
        }
        Object.assign(record, { kind: 'multipart', uploadId: upload.uploadId, partSize, partCount: count, parts: {} });
        rememberURLs(m, entry, upload.parts);
    } else {
        if (typeof upload.url !== 'string') {
            throw new GatewayError({ status: 201, slug: 'protocol', message: 'The ticket has no upload URL.' });
        }
        Object.assign(record, { kind: 'put', uploadId: null, partSize: record.size, partCount: 1, parts: {} });
        entry.put = { url: upload.url, headers: upload.headers ?? {}, expiresAt: expiry(m, upload.expiresAt) };
    }
    record.fileId = answer.fileId;
    await m.persist(entry);
    m.emitProgress(entry);
}

function expiry(m, value) {
    const at = Date.parse(value);
    return Number.isNaN(at) ? m.now() + 5 * 60_000 : at;
}

function rememberURLs(m, entry, parts) {
    for (const part of Array.isArray(parts) ? parts : []) {
        if (Number.isInteger(part?.partNumber) && typeof part.url === 'string') {
            entry.urls.set(part.partNumber, { url: part.url, expiresAt: expiry(m, part.expiresAt) });
        }
    }
}

/** Takes the store's parts (of the right size) as the truth. */
function applyListing(entry, listing) {
    const { record } = entry;
    const parts = {};
    for (const part of Array.isArray(listing?.parts) ? listing.parts : []) {
        const n = part?.partNumber;
        if (Number.isInteger(n) && n >= 1 && n <= record.partCount && part.size === partLength(record, n)
            && typeof part.etag === 'string') parts[n] = part.etag;
    }
    record.parts = parts;
}

function usable(m, held) {
    return held && held.expiresAt - m.now() > expiryMarginMs ? held.url : null;
}

/** A usable URL for part `n`, fetching fresh ones (for it and the next parts) when needed. */
async function partURL(m, entry, n, signal) {
    for (;;) {
        const url = usable(m, entry.urls.get(n));
        if (url) return url;
        if (!entry.urlRequest) break;
        await entry.urlRequest.catch(() => {});
        if (signal.aborted) throw abortError(signal);
        if (usable(m, entry.urls.get(n))) continue;
        break;
    }
    const lacking = (p) => p !== n && !usable(m, entry.urls.get(p));
    const wanted = [n, ...[...entry.active].filter(lacking), ...entry.pending.filter(lacking)].slice(0, urlBatch);
    entry.urlRequest = m.api.freshParts(entry.record.fileId, [...new Set(wanted)], { signal })
        .then((parts) => rememberURLs(m, entry, parts))
        .finally(() => { entry.urlRequest = null; });
    await entry.urlRequest;
    const url = usable(m, entry.urls.get(n));
    if (!url) throw new GatewayError({ status: 200, slug: 'protocol', message: `The gateway sent no URL for part ${n}.` });
    return url;
}

/**
 * PUTs `body` with retries; returns the ETag (or null when not exposed).
 * @param {() => Promise<string>} url
 * @param {(status: number) => void} refused called for a 400/403 (stale signature)
 */
async function put(m, entry, n, body, headers, url, refused, signal) {
    for (let attempt = 0; ; attempt += 1) {
        const target = await url();
        let failure;
        try {
            const answer = await m.transfer({
                url: target, headers, body, signal,
                onProgress: (loaded) => { entry.inflight.set(n, loaded); m.emitProgress(entry); },
            });
            if (answer.status >= 200 && answer.status < 300) return answer.etag || null;
            failure = new StorageError(answer.status, answer.code, n);
            if (answer.status === 400 || answer.status === 403) refused(answer.status);
            else if (!isTransientStatus(answer.status)) throw failure;
        } catch (error) {
            if (isAbortError(error) || signal.aborted) throw abortError(signal);
            if (!(error instanceof NetworkError)) throw error;
            failure = error;
        } finally {
            entry.inflight.delete(n);
        }
        if (attempt >= m.partRetries) throw failure;
        m.stats.retries += 1;
        await sleep(backoffDelay(attempt, m.retry, m.random), signal);
    }
}

async function sendSingle(m, entry, signal) {
    if (!usable(m, entry.put)) throw new Restart('the upload URL expired');
    const release = await m.slots.acquire(signal);
    let etag;
    try {
        etag = await put(m, entry, 1, entry.blob, entry.put.headers, async () => {
            if (!entry.put) throw new Restart('the store refused the upload URL');
            return entry.put.url;
        }, () => { entry.put = null; }, signal);
    } finally {
        release();
    }
    entry.record.parts = { 1: etag };
    await m.persist(entry);
    m.emitProgress(entry);
}

/** Sends every part not yet acknowledged, `concurrency` workers sharing the manager's slots. */
async function sendParts(m, entry, signal) {
    const { record } = entry;
    entry.pending = [];
    for (let n = 1; n <= record.partCount; n += 1) if (!(n in record.parts)) entry.pending.push(n);
    entry.active = new Set();
    const inner = new AbortController();
    const follow = () => inner.abort(signal.reason);
    signal.addEventListener('abort', follow, { once: true });
    let failure = null;
    const worker = async () => {
        while (entry.pending.length > 0 && !inner.signal.aborted) {
            const n = entry.pending.shift();
            entry.active.add(n);
            let release = () => {};
            try {
                release = await m.slots.acquire(inner.signal);
                const etag = await put(m, entry, n, entry.blob.slice((n - 1) * record.partSize,
                    (n - 1) * record.partSize + partLength(record, n)), {}, () => partURL(m, entry, n, inner.signal),
                () => entry.urls.delete(n), inner.signal);
                record.parts[n] = etag;
                entry.urls.delete(n);
                entry.interruptions = 0;
                await m.persist(entry);
                m.emitProgress(entry);
            } catch (error) {
                if (!failure && !inner.signal.aborted) {
                    failure = error;
                    inner.abort(error);
                }
                return;
            } finally {
                release();
                entry.active.delete(n);
            }
        }
    };
    const workers = Math.max(1, Math.min(m.concurrency, entry.pending.length));
    await Promise.all(Array.from({ length: workers }, worker));
    signal.removeEventListener('abort', follow);
    if (signal.aborted) throw abortError(signal);
    if (failure) throw failure;
}

/** Completes at the gateway; ETags missing locally come from the store's listing first. */
async function complete(m, entry, signal) {
    const { record } = entry;
    if (signal.aborted) throw abortError(signal);
    if (record.kind !== 'multipart') {
        try {
            return await m.api.complete(record.fileId, [], { signal });
        } catch (error) {
            if (error?.status === 409 && error.slug === 'invalid-state') return settled(m, entry, signal);
            if (error?.status === 409 || error?.status === 400) throw new Restart('the file has to be sent again');
            throw error;
        }
    }
    for (let round = 0; ; round += 1) {
        const numbers = Array.from({ length: record.partCount }, (_, i) => i + 1);
        if (numbers.some((n) => !record.parts[n])) {
            applyListing(entry, await m.api.listParts(record.fileId, { signal }));
            await m.persist(entry);
            if (numbers.some((n) => !record.parts[n])) {
                if (round >= 2) throw new Error('The storage lost parts of the file.');
                await sendParts(m, entry, signal);
                continue;
            }
        }
        try {
            return await m.api.complete(record.fileId, numbers.map((n) => ({ partNumber: n, etag: record.parts[n] })),
                { signal });
        } catch (error) {
            if (error?.status === 409 && error.slug === 'invalid-state') return settled(m, entry, signal);
            if (error?.status !== 400 || round >= 2) throw error;
            for (const n of numbers) record.parts[n] = null;
        }
    }
}
