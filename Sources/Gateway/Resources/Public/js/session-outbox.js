/**
 * @file session-outbox.js — what a guest session keeps across reloads: its token (the guest's
 * identity for days), the deployment it belongs to, and the outbox of messages the server has not
 * confirmed yet. Every change is written through `storage` (see storage.js) before it takes effect
 * on the wire, so a message typed offline survives a reload and a message written to a socket is
 * known to have been attempted.
 *
 * Stored under the key `session` of the storage (with its prefix, `attache.session` by default):
 * `{ version: 1, token, deploymentId, established, outbox: [{ id, text, metadata, customAttributes,
 * createdAt, attempted }] }`. A record for another deployment, or one that is not well-formed,
 * is replaced by a fresh one with a new random token.
 *
 * Usage: `GuestSession` owns one; a team writing its own session logic can use it directly:
 * ```js
 * const record = new SessionRecord({ storage, deploymentId });
 * record.token;                       // the same across reloads
 * const item = record.append({ text: 'Hello' }); // queued durably
 * record.markAttempted(item.id);      // before writing it to the socket
 * record.remove(item.id);             // when the server echoed it back
 * ```
 */

const STORAGE_KEY = 'session';

/**
 * A random UUID (v4): `crypto.randomUUID` where available (secure contexts), else built from
 * `crypto.getRandomValues`, else from Math.random (never for secrets beyond a session id).
 * @returns {string}
 */
export function randomUUID() {
    const cryptoImpl = globalThis.crypto;
    if (typeof cryptoImpl?.randomUUID === 'function') return cryptoImpl.randomUUID();
    const bytes = new Uint8Array(16);
    if (typeof cryptoImpl?.getRandomValues === 'function') {
        cryptoImpl.getRandomValues(bytes);
    } else {
        for (let index = 0; index < 16; index += 1) bytes[index] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const isStringMap = (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');

/**
 * Whether `item` is a well-formed stored outbox item.
 * @param {any} item
 */
function isOutboxItem(item) {
    return (
        typeof item === 'object' &&
        item !== null &&
        typeof item.id === 'string' &&
        item.id.length > 0 &&
        typeof item.text === 'string' &&
        isStringMap(item.metadata) &&
        isStringMap(item.customAttributes) &&
        (item.content === undefined || isButtonResponses(item.content)) &&
        typeof item.attempted === 'boolean'
    );
}

/**
 * Whether `content` is a list of guest `ButtonResponse` parts (the only content a guest's text
 * message carries here): `{contentType: 'ButtonResponse', buttonResponse: {text, payload, type}}`.
 * @param {any} content
 */
export function isButtonResponses(content) {
    return (
        Array.isArray(content) &&
        content.length <= 1 &&
        content.every((part) =>
            part?.contentType === 'ButtonResponse' &&
            typeof part.buttonResponse === 'object' && part.buttonResponse !== null &&
            ['text', 'payload', 'type'].every((key) => typeof part.buttonResponse[key] === 'string'))
    );
}

/**
 * @typedef {object} OutboxItem
 * @property {string} id the client message id (sent as `tracingId` and `metadata.customMessageId`)
 * @property {string} text
 * @property {Record<string, string>} metadata
 * @property {Record<string, string>} customAttributes
 * @property {object[]} [content] a `ButtonResponse` answering a quick reply or card button
 * @property {number} createdAt epoch ms
 * @property {boolean} attempted written to a socket at least once (a resend must check the history first)
 */

/** The persisted session: token, deployment id, outbox. */
export class SessionRecord {
    #storage;
    #deploymentId;
    #uuid;
    /** @type {{version: number, token: string, deploymentId: string, established: boolean, outbox: OutboxItem[]}} */
    #data;

    /**
     * Loads the stored record, or creates (and saves) a fresh one.
     * @param {{storage: {get: Function, set: Function}, deploymentId: string, uuid?: () => string}} args
     */
    constructor({ storage, deploymentId, uuid = randomUUID }) {
        this.#storage = storage;
        this.#deploymentId = deploymentId;
        this.#uuid = uuid;
        const stored = storage.get(STORAGE_KEY);
        if (
            stored &&
            typeof stored === 'object' &&
            stored.deploymentId === deploymentId &&
            typeof stored.token === 'string' &&
            stored.token.length > 0 &&
            Array.isArray(stored.outbox)
        ) {
            const outbox = stored.outbox.filter(isOutboxItem);
            if (outbox.length !== stored.outbox.length) console.warn('attache session: dropped malformed stored outbox items');
            this.#data = { version: 1, token: stored.token, deploymentId, established: stored.established === true, outbox };
        } else {
            this.#data = { version: 1, token: uuid(), deploymentId, established: false, outbox: [] };
            this.#save();
        }
    }

    /** The session token. */
    get token() {
        return this.#data.token;
    }

    /** The deployment the token belongs to. */
    get deploymentId() {
        return this.#deploymentId;
    }

    /** Whether a server has configured a session for this token before. */
    get established() {
        return this.#data.established;
    }

    /** Marks the token as known to the server. */
    markEstablished() {
        if (this.#data.established) return;
        this.#data.established = true;
        this.#save();
    }

    /** Copies of the queued items, oldest first. */
    get items() {
        return this.#data.outbox.map((item) => ({ ...item, metadata: { ...item.metadata }, customAttributes: { ...item.customAttributes } }));
    }

    /** How many items wait. */
    get count() {
        return this.#data.outbox.length;
    }

    /** The oldest item, or undefined. */
    head() {
        return this.#data.outbox[0];
    }

    /**
     * Whether `id` is queued.
     * @param {string} id
     */
    has(id) {
        return this.#data.outbox.some((item) => item.id === id);
    }

    /** Whether some queued item was already written to a socket. */
    get hasAttempted() {
        return this.#data.outbox.some((item) => item.attempted);
    }

    /**
     * Queues a message durably.
     * @param {{text: string, metadata?: Record<string, string>, customAttributes?: Record<string, string>, createdAt?: number}} args
     * @returns {OutboxItem}
     */
    append({ text, metadata = {}, customAttributes = {}, content, createdAt = Date.now() }) {
        const item = { id: this.#uuid(), text, metadata: { ...metadata }, customAttributes: { ...customAttributes }, createdAt, attempted: false };
        if (content !== undefined) item.content = content.map((part) => ({ contentType: part.contentType, buttonResponse: { ...part.buttonResponse } }));
        this.#data.outbox.push(item);
        this.#save();
        return item;
    }

    /**
     * Removes `id` from the outbox.
     * @param {string} id
     * @returns {boolean} whether it was queued.
     */
    remove(id) {
        const before = this.#data.outbox.length;
        this.#data.outbox = this.#data.outbox.filter((item) => item.id !== id);
        if (this.#data.outbox.length === before) return false;
        this.#save();
        return true;
    }

    /**
     * Records that `id` is about to be written to a socket.
     * @param {string} id
     */
    markAttempted(id) {
        const item = this.#data.outbox.find((candidate) => candidate.id === id);
        if (!item || item.attempted) return;
        item.attempted = true;
        this.#save();
    }

    /** Starts over with a new token (the old conversation is gone); queued items stay, unattempted. */
    renewToken() {
        this.#data.token = this.#uuid();
        this.#data.established = false;
        for (const item of this.#data.outbox) item.attempted = false;
        this.#save();
    }

    /** Clears the attempted flags (the conversation is new: none of them can be in its history). */
    resetAttempted() {
        if (!this.hasAttempted) return;
        for (const item of this.#data.outbox) item.attempted = false;
        this.#save();
    }

    #save() {
        this.#storage.set(STORAGE_KEY, this.#data);
    }
}
