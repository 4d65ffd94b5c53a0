/**
 * @file uploads.js — the guest's file uploads through the Attaché gateway: `UploadManager`.
 *
 * Usable on its own (no DOM work at all: filenames and server text are handed over as data):
 *
 * ```js
 * import { UploadManager } from './uploads.js';
 * import { openUploadStore } from './upload-store.js';
 * const store = await openUploadStore();            // store.persistent === false → say "resume is off"
 * const uploads = new UploadManager({ deploymentId, store, getSessionToken: async () => session.token });
 * uploads.addEventListener('uploaded', ({ detail }) =>
 *     session.send('S3_FILE_UPLOADED', { metadata: { attacheFileId: detail.fileId } }));
 * await uploads.loadPolicy();                       // GET /v1/guest/config → .policy
 * await uploads.restore();                          // continue what a reload interrupted
 * const problem = uploads.check(file);              // null or {code, message}
 * if (!problem) await uploads.add(file);
 * ```
 *
 * Flow per file (the semantic model is the Swift `GatewayUploader`; details in upload-run.js):
 * credential from `POST /v1/guests` (gateway-api.js) → ticket → one presigned PUT or the missing
 * parts, `concurrency` PUTs in flight across all files, each retried `partRetries` times →
 * `complete` → `'uploaded'` (the app sends the keyword message) → the scan's state from the events
 * stream (upload-follow.js). The file's Blob and resume record live in the store (upload-store.js)
 * until completion, so `restore()` continues after a reload without the file being chosen again.
 * Each upload holds a Web Lock (`attache-upload:<id>`) so a second tab does not send it too.
 *
 * Methods: `loadPolicy()`, `check(file)`, `add(file)` → local id (rejects with `{code, message}`
 * when `check` fails; the name is declared as `safeFilename(file.name)`, also in every event), `pause(id)`, `resume(id)`, `cancel(id)` (aborts, `DELETE /v1/uploads/{id}`,
 * forgets), `restore()` → ids, `list()` → snapshots, `close()` (stops everything; for tests).
 * Getter `persistent`: false when the store is in memory or a write to it failed.
 *
 * Events (CustomEvent, data in `detail`, every detail has `id, fileId, filename, size, mime`):
 * - `progress` {bytesSent, partsSent, partCount, state: 'uploading'|'paused', reason?: 'offline'}
 *   — after every part, on in-flight XHR progress, on pause; a connection lost after every retry
 *   pauses the upload with reason 'offline' and it resumes by itself (window `online`, or a timer);
 * - `uploaded` — completed at the gateway; the file is being scanned;
 * - `state` {state: 'scanning'|'clean'|'rejected'|'expired'|'failed'|'cancelled', reason?};
 * - `error` {message} — the upload failed (it can be resumed or cancelled);
 * - `storage` {persistent: false, message} — the store refused a write; resume after reload is off.
 */

import { GatewayAPI } from './gateway-api.js';
import { defaultRetry, isNetworkError, backoffDelay } from './upload-backoff.js';
import { finalStates, follow, uiState } from './upload-follow.js';
import { checkFile, normalizedContentType, safeFilename } from './upload-policy.js';
import { acknowledgedBytes, run } from './upload-run.js';
import { memoryUploadStore } from './upload-store.js';
import { chooseTransfer } from './upload-transfer.js';
import { Slots } from './upload-slots.js';
import { holdLock } from './upload-locks.js';

/** Guest file uploads; see the file comment. */
export class UploadManager extends EventTarget {
    /**
     * @param {object} options
     * @param {string} [options.gatewayURL] the gateway's base URL (`''`: this page's origin)
     * @param {() => Promise<string|null|undefined>} options.getSessionToken the Genesys session token
     * @param {string} options.deploymentId
     * @param {import('./upload-store.js').UploadStore} [options.store] default: memory
     * @param {number} [options.concurrency] PUTs in flight across all uploads (default 4)
     * @param {number} [options.partRetries] retries of one PUT (default 5)
     * @param {typeof fetch} [options.fetchImpl]
     * @param {'auto'|'xhr'|'fetch'|Function} [options.transfer] how bytes are PUT: XHR (progress) when
     *   the page's own fetch is used, else fetchImpl; or a function (see upload-transfer.js)
     * @param {import('./upload-backoff.js').RetryPolicy} [options.retry] backoff of PUTs and gateway calls
     * @param {(file: Blob & {name: string}) => string} [options.resolveType] the declared type when `file.type` is empty
     * @param {number} [options.hashLimit] files up to this size are sent with their SHA-256 (default 8 MiB)
     * @param {EventTarget|null} [options.onlineTarget] where `online` events come from (default `window`)
     * @param {object|null} [options.locks] a Web Locks `LockManager` (default `navigator.locks`): one tab per upload
     * @param {number} [options.stallMs] an XHR PUT without progress for this long is retried (default 30 s)
     * @param {() => number} [options.random]
     * @param {() => number} [options.now]
     */
    constructor({ gatewayURL = '', getSessionToken, deploymentId, store = memoryUploadStore(), concurrency = 4,
        partRetries = 5, fetchImpl = globalThis.fetch, transfer = 'auto', retry = defaultRetry, resolveType,
        hashLimit = 8 << 20, onlineTarget = globalThis.window ?? null, locks = globalThis.navigator?.locks ?? null,
        stallMs = 30_000, random = Math.random, now = Date.now }) {
        super();
        this.api = new GatewayAPI({ gatewayURL, getSessionToken, deploymentId, fetchImpl, retry, random, now });
        this.store = store;
        this.concurrency = Math.max(1, Math.floor(concurrency));
        this.partRetries = Math.max(0, Math.floor(partRetries));
        this.retry = retry;
        this.random = random;
        this.now = now;
        this.hashLimit = hashLimit;
        this.resolveType = resolveType;
        this.onlineTarget = onlineTarget;
        this.slots = new Slots(this.concurrency);
        this.locks = locks;
        this.transfer = chooseTransfer(transfer, fetchImpl, stallMs);
        /** @type {object | null} the gateway's upload policy, once loaded */
        this.policy = null;
        /** @type {Map<string, any>} */
        this.entries = new Map();
        this.storageWorks = true;
        /** Counters for tests and diagnostics. */
        this.stats = { retries: 0 };
    }

    /** Whether unfinished uploads survive a reload. */
    get persistent() {
        return Boolean(this.store.persistent) && this.storageWorks;
    }

    /** Loads the policy from `GET {gatewayURL}/v1/guest/config` (`.policy`). */
    async loadPolicy() {
        const config = await this.api.config();
        this.policy = config && typeof config.policy === 'object' ? config.policy : null;
        return this.policy;
    }

    /** The content type declared for `file`. */
    contentType(file) {
        return normalizedContentType(file.type || this.resolveType?.(file) || 'application/octet-stream');
    }

    /**
     * Checks `file` against the gateway's policy (size, type, blocked extensions).
     * @returns {{code: string, message: string} | null}
     */
    check(file) {
        return checkFile(file, this.policy, this.contentType(file));
    }

    /**
     * Starts uploading `file` (a File, or a Blob with a `name`).
     * @returns {Promise<string>} the local upload id
     */
    async add(file) {
        const problem = this.check(file);
        if (problem) throw Object.assign(new Error(problem.message), { code: problem.code });
        const id = globalThis.crypto?.randomUUID?.() ?? `u-${this.now()}-${Math.floor(this.random() * 1e9)}`;
        const record = {
            id, name: safeFilename(file.name), type: this.contentType(file), size: file.size, fileId: null,
            kind: null, uploadId: null, partSize: 0, partCount: 0, parts: {}, paused: false, createdAt: this.now(),
        };
        const entry = this.entry(record, file);
        entry.releaseLock = (await holdLock(`attache-upload:${id}`, this.locks)) ?? (() => {});
        try {
            await this.store.putBlob(id, file);
        } catch (error) {
            this.storageFailed(entry, error);
        }
        await this.persist(entry);
        this.start(entry);
        return id;
    }

    /** Stops sending `id`, keeping what the store holds; false when it is not uploading. */
    pause(id) {
        const entry = this.entries.get(id);
        if (!entry || entry.completed || !['uploading', 'paused'].includes(entry.state)) return false;
        this.stopWaiting(entry);
        entry.record.paused = true;
        entry.state = 'paused';
        entry.reason = undefined;
        entry.controller?.abort('paused');
        entry.inflight.clear();
        void this.persist(entry);
        this.emitProgress(entry);
        return true;
    }

    /** Continues `id` from the parts the store holds; false when it is not paused or failed. */
    resume(id) {
        const entry = this.entries.get(id);
        if (!entry || !['paused', 'failed'].includes(entry.state) || !entry.blob) return false;
        this.stopWaiting(entry);
        entry.record.paused = false;
        void this.persist(entry);
        this.start(entry);
        return true;
    }

    /**
     * Abandons `id`: aborts its requests, `DELETE /v1/uploads/{id}`, forgets it.
     * @returns {Promise<boolean>} false when it is unknown or already completed
     */
    async cancel(id) {
        const entry = this.entries.get(id);
        if (!entry || entry.completed || entry.state === 'cancelled') return false;
        this.stopWaiting(entry);
        entry.state = 'cancelled';
        entry.controller?.abort('cancelled');
        await entry.running?.catch(() => {});
        if (entry.completed) return false;
        // Forgotten first: a page closed during the DELETE must not restore a cancelled file.
        await this.forget(entry);
        this.entries.delete(id);
        if (entry.record.fileId) {
            await this.api.abort(entry.record.fileId).catch((error) => {
                console.warn('attache: the gateway did not abort a cancelled upload:', String(error?.message));
            });
        }
        this.emit('state', entry, { state: 'cancelled' });
        return true;
    }

    /**
     * Continues every unfinished upload the store holds (after a reload); paused ones stay paused.
     * @returns {Promise<string[]>} their ids
     */
    async restore() {
        let records = [];
        try {
            records = await this.store.list();
        } catch (error) {
            console.warn('attache: the upload store could not be read', String(error?.name ?? error));
        }
        records.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
        const ids = [];
        for (const record of records) {
            if (!record?.id || this.entries.has(record.id)) continue;
            // Another tab of this page may be sending it already.
            const releaseLock = await holdLock(`attache-upload:${record.id}`, this.locks);
            if (!releaseLock) continue;
            const blob = await this.store.getBlob(record.id).catch(() => null);
            if (!blob || blob.size !== record.size) {
                await this.store.remove(record.id).catch(() => {});
                releaseLock();
                continue;
            }
            const entry = this.entry({ ...record, parts: { ...record.parts } }, blob);
            entry.releaseLock = releaseLock;
            ids.push(record.id);
            if (record.paused) {
                entry.state = 'paused';
                this.emitProgress(entry);
            } else {
                this.start(entry);
            }
        }
        return ids;
    }

    /** Snapshots of every upload this manager knows. */
    list() {
        return [...this.entries.values()].map((entry) => this.snapshot(entry));
    }

    /** Stops every upload and every state stream (kept in the store: a later restore() continues). */
    close() {
        for (const entry of this.entries.values()) {
            this.stopWaiting(entry);
            entry.controller?.abort('closed');
            entry.following?.abort('closed');
            entry.releaseLock();
        }
    }

    // Internals (used by upload-run.js too).

    entry(record, blob) {
        const entry = {
            record, blob, state: 'uploading', reason: undefined, controller: null, running: null, following: null,
            inflight: new Map(), urls: new Map(), put: null, pending: [], active: new Set(), urlRequest: null,
            completed: false, persisted: true, interruptions: 0, timer: null, onOnline: null, releaseLock: () => {},
        };
        this.entries.set(record.id, entry);
        return entry;
    }

    start(entry) {
        if (entry.state === 'uploading' && entry.running && !entry.controller?.signal.aborted) return;
        const previous = entry.running;
        const controller = new AbortController();
        entry.controller = controller;
        entry.state = 'uploading';
        entry.reason = undefined;
        this.emitProgress(entry);
        const task = (async () => {
            // A paused run may still be winding down: never two runs of one upload at once.
            if (previous) await previous.catch(() => {});
            if (controller.signal.aborted) return;
            let status;
            try {
                status = await run(this, entry, controller.signal);
            } catch (error) {
                if (controller.signal.aborted) return;
                if (isNetworkError(error)) this.interrupted(entry);
                else this.failed(entry, error);
                return;
            }
            await this.completed(entry, status);
        })();
        entry.running = task;
        void task.finally(() => { if (entry.running === task) entry.running = null; });
    }

    async completed(entry, status) {
        entry.completed = true;
        entry.interruptions = 0;
        this.emit('uploaded', entry, {});
        await this.forget(entry);
        entry.blob = null;
        this.applyStatus(entry, status ?? { state: 'uploaded' }, true);
        if (finalStates.has(entry.state)) return;
        entry.following = new AbortController();
        void follow(this.api, entry.record.fileId, (next) => this.applyStatus(entry, next),
            () => finalStates.has(entry.state), entry.following.signal, { random: this.random });
    }

    /** Takes a gateway status; emits `state` when the UI state or reason changed. */
    applyStatus(entry, status, force = false) {
        const state = uiState(status.state);
        if (!state) return;
        const reason = typeof status.reason === 'string' ? status.reason : undefined;
        if (!force && state === entry.state && reason === entry.reason) return;
        entry.state = state;
        entry.reason = reason;
        this.emit('state', entry, reason === undefined ? { state } : { state, reason });
        if (finalStates.has(state)) entry.following?.abort('done');
    }

    /** No connection after every retry: paused with reason 'offline', resumed on `online` or a timer. */
    interrupted(entry) {
        entry.state = 'paused';
        entry.reason = 'offline';
        entry.inflight.clear();
        this.emitProgress(entry);
        const again = () => {
            if (entry.state !== 'paused' || entry.reason !== 'offline') return;
            this.stopWaiting(entry);
            this.start(entry);
        };
        const delay = Math.max(1000, backoffDelay(entry.interruptions, { baseMs: 2000, capMs: 30_000 }, this.random));
        entry.interruptions += 1;
        entry.timer = setTimeout(again, delay);
        if (this.onlineTarget?.addEventListener) {
            entry.onOnline = again;
            this.onlineTarget.addEventListener('online', again);
        }
    }

    stopWaiting(entry) {
        clearTimeout(entry.timer);
        entry.timer = null;
        if (entry.onOnline) this.onlineTarget?.removeEventListener?.('online', entry.onOnline);
        entry.onOnline = null;
    }

    failed(entry, error) {
        const message = String(error?.message || 'The upload failed.');
        entry.state = 'failed';
        entry.reason = message;
        entry.inflight.clear();
        // A refusal by the gateway will not change on a reload: forget it; keep anything else.
        const status = error?.status;
        if (error?.name === 'GatewayError' && status >= 400 && status < 500 && ![401, 408, 429].includes(status)) {
            void this.forget(entry);
        }
        this.emit('error', entry, { message });
        this.emit('state', entry, { state: 'failed', reason: message });
    }

    async persist(entry) {
        if (!entry.persisted || entry.completed || entry.state === 'cancelled') return;
        try {
            await this.store.put({ ...entry.record, parts: { ...entry.record.parts } });
        } catch (error) {
            this.storageFailed(entry, error);
        }
    }

    async forget(entry) {
        await this.store.remove(entry.record.id).catch(() => {});
        entry.releaseLock();
    }

    storageFailed(entry, error) {
        entry.persisted = false;
        void this.store.remove(entry.record.id).catch(() => {});
        if (!this.storageWorks) return;
        this.storageWorks = false;
        console.warn('attache: the upload store refused a write; uploads will not resume after a reload',
            String(error?.name ?? error));
        this.dispatchEvent(new CustomEvent('storage', {
            detail: { persistent: false, message: 'Uploads will not resume after a reload (browser storage is full or unavailable).' },
        }));
    }

    snapshot(entry) {
        const { record } = entry;
        let bytesSent = acknowledgedBytes(record);
        for (const loaded of entry.inflight.values()) bytesSent += loaded;
        if (entry.completed) bytesSent = record.size;
        const snapshot = {
            id: record.id, fileId: record.fileId ?? undefined, filename: record.name, size: record.size, mime: record.type,
            bytesSent: Math.min(bytesSent, record.size), partsSent: Object.keys(record.parts).length,
            partCount: record.partCount, state: entry.state,
        };
        if (entry.reason !== undefined) snapshot.reason = entry.reason;
        return snapshot;
    }

    emitProgress(entry) {
        if (entry.state !== 'uploading' && entry.state !== 'paused') return;
        this.dispatchEvent(new CustomEvent('progress', { detail: this.snapshot(entry) }));
    }

    emit(type, entry, fields) {
        const { record } = entry;
        this.dispatchEvent(new CustomEvent(type, {
            detail: { id: record.id, fileId: record.fileId ?? undefined, filename: record.name, size: record.size,
                mime: record.type, ...fields },
        }));
    }
}
