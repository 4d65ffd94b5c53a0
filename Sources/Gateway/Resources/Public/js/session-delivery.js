/**
 * @file session-delivery.js — how the outbox (session-outbox.js) reaches the server: one message
 * in flight at a time, so the order is kept and a lost acknowledgement concerns one message; an
 * item leaves the outbox only when an Inbound message carrying its client message id
 * (`metadata.customMessageId`) comes back, live or in the history; refusals are sorted into
 * permanent (dropped with `sendError`), temporary (kept, retried after `retryAfter` seconds or
 * 2 s: 408, 429, 4029, 5xx, 5000) and session-ending (401/403: the caller starts a new session).
 *
 * Used by `GuestSession`, which owns the socket:
 * ```js
 * const delivery = new OutboxDelivery({ record, emit, clock, onResume: pump });
 * const item = delivery.next();                 // undefined while busy, paused or empty
 * if (item) { delivery.begin(item); socket.send(JSON.stringify(requests.textMessage(…))); }
 * delivery.acknowledge(structuredMessage);      // on every Inbound message
 * delivery.refused({ code, text, tracingId });  // on error answers
 * ```
 */

/** Codes after which a message is kept and retried. */
function isTemporary(code) {
    return code === 408 || code === 429 || code === 4029 || (code >= 500 && code < 600) || code >= 5000;
}

/** The outbox's send state: in flight, paused, acknowledged, refused. */
export class OutboxDelivery {
    #record;
    #emit;
    #clock;
    #onResume;
    /** @type {{id: string, sentAt: number} | null} */
    #inFlight = null;
    #pauseTimer = null;

    /**
     * @param {{record: import('./session-outbox.js').SessionRecord, emit: (type: string, detail: any) => void,
     *   clock: {now: () => number, setTimeout: Function, clearTimeout: Function}, onResume: () => void}} args
     */
    constructor({ record, emit, clock, onResume }) {
        this.#record = record;
        this.#emit = emit;
        this.#clock = clock;
        this.#onResume = onResume;
    }

    /** The client message id written to the socket and not yet answered, if any. */
    get inFlightId() {
        return this.#inFlight?.id;
    }

    /**
     * How long the message in flight has waited (0 when none).
     * @returns {number}
     */
    waitingMs() {
        return this.#inFlight ? this.#clock.now() - this.#inFlight.sentAt : 0;
    }

    /** The oldest item, when nothing is in flight and no pause runs. */
    next() {
        if (this.#inFlight || this.#pauseTimer !== null) return undefined;
        return this.#record.head();
    }

    /**
     * Marks `item` attempted (durably) and in flight; call right before writing it.
     * @param {{id: string}} item
     */
    begin(item) {
        this.#record.markAttempted(item.id);
        this.#inFlight = { id: item.id, sentAt: this.#clock.now() };
    }

    /** Nothing is in flight any more (the socket is gone, or the session ended). */
    clear() {
        this.#inFlight = null;
    }

    /** Stops a running pause (the session stops). */
    stop() {
        if (this.#pauseTimer !== null) this.#clock.clearTimeout(this.#pauseTimer);
        this.#pauseTimer = null;
    }

    /**
     * An Inbound message carrying one of our client message ids: the server has it.
     * @param {any} message a StructuredMessage
     * @returns {boolean} whether it acknowledged a queued item.
     */
    acknowledge(message) {
        const clientMessageId = message.direction === 'Inbound' ? message.metadata?.customMessageId : undefined;
        if (!clientMessageId || !this.#record.remove(clientMessageId)) return false;
        if (this.#inFlight?.id === clientMessageId) this.#inFlight = null;
        this.#emit('delivered', { clientMessageId, messageId: message.id });
        this.#emit('outbox', { pending: this.#record.count });
        return true;
    }

    /**
     * An error answer for the message in flight.
     * @param {{code: number, text: string, tracingId?: string, retryAfter?: number}} refusal
     * @returns {'ignored' | 'endsSession' | 'retry' | 'dropped'} `ignored`: not about the message in
     *   flight; `endsSession`: 401/403, the caller starts a new session (the item stays queued).
     */
    refused({ code, text, tracingId, retryAfter }) {
        const inFlight = this.#inFlight;
        if (!inFlight || (tracingId && tracingId !== inFlight.id)) return 'ignored';
        if (code === 401 || code === 403) return 'endsSession';
        this.#inFlight = null;
        const message = String(text);
        if (isTemporary(code)) {
            const seconds = Math.min(Math.max(typeof retryAfter === 'number' ? retryAfter : 2, 1), 3600);
            this.#pause(seconds * 1000);
            this.#emit('sendError', { clientMessageId: inFlight.id, code, message, retryAfter: seconds });
            return 'retry';
        }
        this.#record.remove(inFlight.id);
        this.#emit('sendError', { clientMessageId: inFlight.id, code, message });
        this.#emit('outbox', { pending: this.#record.count });
        return 'dropped';
    }

    #pause(ms) {
        this.stop();
        this.#pauseTimer = this.#clock.setTimeout(() => {
            this.#pauseTimer = null;
            this.#onResume();
        }, ms);
    }
}
