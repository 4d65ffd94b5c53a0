/**
 * @file storage.js — a small key/value store for the guest client: JSON values in
 * `localStorage` under a key prefix, with an in-memory fallback.
 *
 * The guest session keeps its token and its outbox here so that a reload, or a browser restart
 * days later, continues the same conversation and still sends what was typed offline.
 *
 * `localStorage` is not always usable: Safari's private mode and some embedded browsers throw on
 * access, a full quota throws on write, and a sandboxed iframe throws when the property is read.
 * In all those cases the store falls back to memory: the page keeps working for this visit, and
 * `persistent` turns `false` so the UI can say that resume after reload is off. A fallback that
 * happens later (quota full on a write) also fires a `fallback` event on the returned object.
 *
 * Usage (a team with its own UI):
 * ```js
 * import { openStorage } from './storage.js';
 * const storage = openStorage({ prefix: 'myapp.guest.' });
 * if (!storage.persistent) showNotice('Your conversation will not survive a reload.');
 * storage.addEventListener('fallback', () => showNotice('Storage is full; resume is off.'));
 * storage.set('session', { token: '…' });
 * storage.get('session'); // → { token: '…' }, or undefined
 * ```
 *
 * Values are stored as JSON; a stored value that is not valid JSON reads as `undefined`. Values
 * never appear in console output (they hold session tokens and message text).
 */

/** Probed once per store to see whether `localStorage` accepts writes. */
const PROBE_KEY = '__probe__';

/**
 * A key/value store with a `persistent` flag; an `EventTarget` that fires `fallback` when it
 * switches from `localStorage` to memory after it was opened.
 */
export class KeyValueStorage extends EventTarget {
    /** @type {Storage | null} */
    #backend;
    /** @type {Map<string, string>} */
    #memory = new Map();
    #prefix;

    /**
     * @param {string} prefix
     * @param {Storage | null} backend a working Web Storage object, or null for memory only.
     */
    constructor(prefix, backend) {
        super();
        this.#prefix = prefix;
        this.#backend = backend;
    }

    /** Whether values survive a reload (false: memory only). */
    get persistent() {
        return this.#backend !== null;
    }

    /** The key prefix. */
    get prefix() {
        return this.#prefix;
    }

    /**
     * The value stored under `key`, or `undefined`.
     * @param {string} key
     * @returns {any}
     */
    get(key) {
        const raw = this.#read(this.#prefix + key);
        if (raw === null || raw === undefined) return undefined;
        try {
            return JSON.parse(raw);
        } catch {
            console.warn(`attache storage: ignored a stored value that is not JSON (${key})`);
            return undefined;
        }
    }

    /**
     * Stores `value` (JSON-encoded) under `key`. Never throws for storage reasons: on failure the
     * store switches to memory (`persistent` becomes false, a `fallback` event fires).
     * @param {string} key
     * @param {any} value
     */
    set(key, value) {
        const raw = JSON.stringify(value);
        const fullKey = this.#prefix + key;
        if (this.#backend) {
            try {
                this.#backend.setItem(fullKey, raw);
                return;
            } catch {
                this.#fallBack('a write failed (storage full or blocked)');
            }
        }
        this.#memory.set(fullKey, raw);
    }

    /**
     * Removes `key`.
     * @param {string} key
     */
    remove(key) {
        const fullKey = this.#prefix + key;
        this.#memory.delete(fullKey);
        if (this.#backend) {
            try {
                this.#backend.removeItem(fullKey);
            } catch {
                this.#fallBack('a removal failed');
            }
        }
    }

    /** @param {string} fullKey */
    #read(fullKey) {
        if (this.#backend) {
            try {
                return this.#backend.getItem(fullKey);
            } catch {
                this.#fallBack('a read failed');
            }
        }
        return this.#memory.get(fullKey) ?? null;
    }

    /**
     * Switches to memory, keeping what can still be read of this prefix.
     * @param {string} why
     */
    #fallBack(why) {
        const backend = this.#backend;
        if (!backend) return;
        this.#backend = null;
        try {
            for (let index = 0; index < backend.length; index += 1) {
                const key = backend.key(index);
                if (key !== null && key.startsWith(this.#prefix) && !this.#memory.has(key)) {
                    const value = backend.getItem(key);
                    if (value !== null) this.#memory.set(key, value);
                }
            }
        } catch {
            // Nothing more can be read; memory starts from what it has.
        }
        console.warn(`attache storage: localStorage unusable (${why}); keeping data in memory, resume is off`);
        this.dispatchEvent(new CustomEvent('fallback', { detail: { reason: why } }));
    }
}

/**
 * The page's `localStorage`, or null when reading the property itself throws.
 * @returns {Storage | null}
 */
function defaultBackend() {
    try {
        return globalThis.localStorage ?? null;
    } catch {
        return null;
    }
}

/**
 * Opens the store.
 * @param {object} [options]
 * @param {string} [options.prefix] prepended to every key (default `attache.`).
 * @param {Storage | null} [options.backend] the Web Storage to use (default `localStorage`; tests
 *   pass a fake). `null` opens a memory-only store.
 * @returns {KeyValueStorage} `{ get, set, remove, persistent }`.
 */
export function openStorage({ prefix = 'attache.', backend = defaultBackend() } = {}) {
    let usable = null;
    if (backend) {
        try {
            const probe = prefix + PROBE_KEY;
            backend.setItem(probe, '1');
            backend.removeItem(probe);
            usable = backend;
        } catch {
            console.warn('attache storage: localStorage unavailable; keeping data in memory, resume is off');
        }
    }
    return new KeyValueStorage(prefix, usable);
}
