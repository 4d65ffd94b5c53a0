/**
 * @file upload-store.js — where unfinished uploads survive a page reload or a browser restart.
 *
 * An upload store keeps, per local upload id, a resume record (plain, structured-clonable data:
 * `{id, name, type, size, fileId, kind: 'put'|'multipart', uploadId, partSize, partCount,
 * parts: {partNumber: etag|null}, paused, createdAt}`) and, separately, the file's `Blob`, so
 * the record can be rewritten after every part without copying the bytes again. Records and
 * Blobs are removed once the upload is complete at the gateway (or cancelled).
 *
 * - `openUploadStore({name = 'attache-uploads', indexedDB})` → IndexedDB (object stores
 *   `uploads` and `blobs`), `persistent === true`; when IndexedDB is missing, blocked (private
 *   mode) or fails to open it resolves to the memory store with `persistent === false`.
 * - `memoryUploadStore()` → the same API in memory (`persistent === false`).
 *
 * API (all async): `list()` → records, `put(record)`, `putBlob(id, blob)`, `getBlob(id)` → Blob or
 * null, `remove(id)` (record and Blob). A write that fails (quota full) rejects; the UploadManager
 * then carries on in memory and says resume is off.
 */

/**
 * @typedef {object} UploadStore
 * @property {boolean} persistent whether records survive a reload
 * @property {() => Promise<object[]>} list
 * @property {(record: object) => Promise<void>} put
 * @property {(id: string, blob: Blob) => Promise<void>} putBlob
 * @property {(id: string) => Promise<Blob | null>} getBlob
 * @property {(id: string) => Promise<void>} remove
 */

const clone = globalThis.structuredClone ?? ((value) => JSON.parse(JSON.stringify(value)));

/**
 * A store in memory: lives as long as the page.
 * @returns {UploadStore}
 */
export function memoryUploadStore() {
    /** @type {Map<string, object>} */
    const records = new Map();
    /** @type {Map<string, Blob>} */
    const blobs = new Map();
    return {
        persistent: false,
        async list() { return [...records.values()].map((record) => clone(record)); },
        async put(record) { records.set(record.id, clone(record)); },
        async putBlob(id, blob) { blobs.set(id, blob); },
        async getBlob(id) { return blobs.get(id) ?? null; },
        async remove(id) {
            records.delete(id);
            blobs.delete(id);
        },
    };
}

/**
 * Opens the IndexedDB store, or the memory store when IndexedDB cannot be used.
 * @param {{name?: string, indexedDB?: IDBFactory, timeoutMs?: number}} [options]
 * @returns {Promise<UploadStore>}
 */
export async function openUploadStore({ name = 'attache-uploads', indexedDB = globalThis.indexedDB,
    timeoutMs = 5000 } = {}) {
    if (!indexedDB) return memoryUploadStore();
    try {
        const db = await openDatabase(indexedDB, name, timeoutMs);
        return indexedDBStore(db);
    } catch (error) {
        console.warn('attache: IndexedDB unavailable; uploads will not resume after a reload', String(error?.name ?? error));
        return memoryUploadStore();
    }
}

/** @param {IDBFactory} factory @param {string} name @param {number} timeoutMs @returns {Promise<IDBDatabase>} */
function openDatabase(factory, name, timeoutMs) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('IndexedDB did not open in time')), timeoutMs);
        const request = factory.open(name, 1);
        request.onupgradeneeded = () => {
            const db = request.result;
            if (!db.objectStoreNames.contains('uploads')) db.createObjectStore('uploads', { keyPath: 'id' });
            if (!db.objectStoreNames.contains('blobs')) db.createObjectStore('blobs', { keyPath: 'id' });
        };
        request.onsuccess = () => { clearTimeout(timer); resolve(request.result); };
        request.onerror = () => { clearTimeout(timer); reject(request.error); };
        request.onblocked = () => { clearTimeout(timer); reject(new Error('IndexedDB is blocked')); };
    });
}

/**
 * Runs `work` in a transaction and resolves when it commits.
 * @param {IDBDatabase} db
 * @param {string[]} stores
 * @param {IDBTransactionMode} mode
 * @param {(tx: IDBTransaction) => IDBRequest | void} work
 */
function transact(db, stores, mode, work) {
    return new Promise((resolve, reject) => {
        const tx = db.transaction(stores, mode);
        const request = work(tx);
        tx.oncomplete = () => resolve(request ? request.result : undefined);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
}

/** @param {IDBDatabase} db @returns {UploadStore} */
function indexedDBStore(db) {
    return {
        persistent: true,
        async list() {
            return /** @type {object[]} */ (await transact(db, ['uploads'], 'readonly',
                (tx) => tx.objectStore('uploads').getAll())) ?? [];
        },
        async put(record) {
            await transact(db, ['uploads'], 'readwrite', (tx) => { tx.objectStore('uploads').put(record); });
        },
        async putBlob(id, blob) {
            await transact(db, ['blobs'], 'readwrite', (tx) => { tx.objectStore('blobs').put({ id, blob }); });
        },
        async getBlob(id) {
            const entry = await transact(db, ['blobs'], 'readonly', (tx) => tx.objectStore('blobs').get(id));
            return /** @type {any} */ (entry)?.blob ?? null;
        },
        async remove(id) {
            await transact(db, ['uploads', 'blobs'], 'readwrite', (tx) => {
                tx.objectStore('uploads').delete(id);
                tx.objectStore('blobs').delete(id);
            });
        },
    };
}
