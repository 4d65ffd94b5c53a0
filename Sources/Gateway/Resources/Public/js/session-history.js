/**
 * @file session-history.js — the conversation history a guest may read, used to fill the gap a
 * lost connection left, and the bounded sets of message ids that keep every message unique.
 *
 * `GET {apiBaseURL}/api/v2/webmessaging/messages?pageNumber=N&pageSize=25` with the JWT of a
 * `getJwt` request as bearer lists the conversation newest first (`{entities, pageCount, …}`).
 * `collectHistoryGap` pages back until it meets a message known to have no gap before it (the
 * `contiguous` set: messages of a completed fill and messages received live afterwards), like the
 * Swift SDK's `fillHistory`; entries that are not well-formed StructuredMessages are skipped.
 *
 * Usage (own session logic):
 * ```js
 * import { SeenIds, collectHistoryGap, historyPageFetcher } from './session-history.js';
 * const seen = new SeenIds(), contiguous = new SeenIds();
 * const gap = await collectHistoryGap({
 *     fetchPage: historyPageFetcher({ apiBaseURL, jwt }), seen, contiguous });
 * for (const message of gap.missed) if (seen.add(message.id)) show(message); // oldest first
 * for (const id of gap.fetchedIds) contiguous.add(id);
 * ```
 */
import { isStructuredMessage } from './session-protocol.js';

/** History pages hold this many messages (Genesys' default). */
export const HISTORY_PAGE_SIZE = 25;
/** Larger history responses are refused. */
const MAX_HISTORY_BYTES = 8 * 1024 * 1024;

/** Message ids already reported, bounded: the oldest are forgotten first. */
export class SeenIds {
    /** @type {Set<string>} */
    #ids = new Set();
    #capacity;

    /** @param {number} [capacity] */
    constructor(capacity = 4096) {
        this.#capacity = Math.max(1, capacity);
    }

    /**
     * Records `id`.
     * @param {string} id
     * @returns {boolean} true when it was new.
     */
    add(id) {
        if (this.#ids.has(id)) return false;
        this.#ids.add(id);
        while (this.#ids.size > this.#capacity) {
            this.#ids.delete(this.#ids.values().next().value);
        }
        return true;
    }

    /** @param {string} id */
    has(id) {
        return this.#ids.has(id);
    }

    /** Forgets everything. */
    clear() {
        this.#ids.clear();
    }

    /** How many ids are kept. */
    get size() {
        return this.#ids.size;
    }
}

/** A history request that failed (HTTP status, or 0 for network and format errors). */
export class HistoryError extends Error {
    /**
     * @param {string} message
     * @param {number} status
     */
    constructor(message, status = 0) {
        super(message);
        this.name = 'HistoryError';
        this.status = status;
    }
}

/**
 * A function fetching one history page with `fetchImpl`.
 * @param {{apiBaseURL: string, jwt: string, fetchImpl?: typeof fetch, pageSize?: number}} args
 * @returns {(pageNumber: number) => Promise<{entities: any[], pageCount?: number}>}
 */
export function historyPageFetcher({ apiBaseURL, jwt, fetchImpl = globalThis.fetch, pageSize = HISTORY_PAGE_SIZE }) {
    const base = (apiBaseURL ?? '').replace(/\/+$/, '');
    return async (pageNumber) => {
        const url = `${base}/api/v2/webmessaging/messages?pageNumber=${pageNumber}&pageSize=${pageSize}`;
        let response;
        try {
            response = await fetchImpl(url, {
                method: 'GET',
                headers: { Authorization: `Bearer ${jwt}`, Accept: 'application/json' },
                credentials: 'omit',
                cache: 'no-store',
            });
        } catch {
            throw new HistoryError(`history page ${pageNumber}: network error`);
        }
        if (!response.ok) throw new HistoryError(`history page ${pageNumber}: HTTP ${response.status}`, response.status);
        const declared = Number(response.headers?.get?.('content-length'));
        if (declared > MAX_HISTORY_BYTES) throw new HistoryError(`history page ${pageNumber}: too large`);
        let text;
        try {
            text = await response.text();
        } catch {
            throw new HistoryError(`history page ${pageNumber}: the body could not be read`);
        }
        if (text.length > MAX_HISTORY_BYTES) throw new HistoryError(`history page ${pageNumber}: too large`);
        let page;
        try {
            page = JSON.parse(text);
        } catch {
            throw new HistoryError(`history page ${pageNumber}: not JSON`);
        }
        if (typeof page !== 'object' || page === null || !Array.isArray(page.entities)) {
            throw new HistoryError(`history page ${pageNumber}: not a message page`);
        }
        return page;
    };
}

/**
 * Pages back through the history until it reaches a message in `contiguous` (or `maxPages`, or
 * the last page).
 * @param {object} args
 * @param {(pageNumber: number) => Promise<{entities: any[], pageCount?: number}>} args.fetchPage
 * @param {SeenIds} args.seen ids already reported
 * @param {SeenIds} args.contiguous ids known to have no gap before them
 * @param {number} [args.maxPages]
 * @param {number} [args.pageSize]
 * @returns {Promise<{missed: any[], fetched: any[], fetchedIds: string[], skipped: number}>}
 *   `missed`: valid messages not seen yet, oldest first; `fetched`: every valid message fetched,
 *   oldest first (for outbox acknowledgement); `fetchedIds` oldest first; `skipped`: malformed entries.
 */
export async function collectHistoryGap({ fetchPage, seen, contiguous, maxPages = 8, pageSize = HISTORY_PAGE_SIZE }) {
    const missed = [];
    const fetched = [];
    let skipped = 0;
    for (let pageNumber = 1; pageNumber <= maxPages; pageNumber += 1) {
        const page = await fetchPage(pageNumber);
        let reachedKnown = false;
        for (const message of page.entities) {
            if (!isStructuredMessage(message)) {
                skipped += 1;
                continue;
            }
            fetched.push(message);
            if (contiguous.has(message.id)) {
                reachedKnown = true;
            } else if (!seen.has(message.id)) {
                missed.push(message);
            }
        }
        const pageCount = typeof page.pageCount === 'number' ? page.pageCount : undefined;
        const lastPage = pageCount !== undefined ? pageNumber >= pageCount : page.entities.length < pageSize;
        if (reachedKnown || lastPage) break;
    }
    missed.reverse();
    fetched.reverse();
    return { missed, fetched, fetchedIds: fetched.map((message) => message.id), skipped };
}
