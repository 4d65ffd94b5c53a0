/**
 * @file session-receiver.js — turns the conversation's StructuredMessages (live or from the
 * history) into the session's events: each message id reported once (`message`), agent typing as
 * `typing` on/off instead of a message, and a read-only notice when the contact center ended the
 * conversation (an Outbound Presence `Disconnect` with `metadata.readOnly == "true"`).
 *
 * Used by `GuestSession`; a team with its own transport can feed it messages the same way:
 * ```js
 * const receiver = new SessionReceiver({ seen: new SeenIds(), emit: (type, detail) => …,
 *     timers: { setTimeout, clearTimeout }, onReadOnly: () => … });
 * receiver.flush([message], false);
 * ```
 */
import { isTypingOnly, makesReadOnly, typingEvent } from './session-protocol.js';

/** Typing indicators without a duration last this long. */
const DEFAULT_TYPING_MS = 5000;
/** No typing indicator lasts longer than this. */
const MAX_TYPING_MS = 60000;

/** Reports received messages, deduplicated, and agent typing. */
export class SessionReceiver {
    #seen;
    #emit;
    #timers;
    #onReadOnly;
    #typingTimer = null;

    /**
     * @param {{seen: {add(id: string): boolean}, emit: (type: string, detail: any) => void,
     *   timers: {setTimeout: Function, clearTimeout: Function}, onReadOnly: () => void}} args
     */
    constructor({ seen, emit, timers, onReadOnly }) {
        this.#seen = seen;
        this.#emit = emit;
        this.#timers = timers;
        this.#onReadOnly = onReadOnly;
    }

    /**
     * Reports `messages` in order.
     * @param {any[]} messages valid StructuredMessages
     * @param {boolean | null} fromHistory
     */
    flush(messages, fromHistory) {
        for (const message of messages) this.#deliver(message, fromHistory === true);
    }

    /** Stops a running typing indicator without reporting it. */
    reset() {
        if (this.#typingTimer !== null) this.#timers.clearTimeout(this.#typingTimer);
        this.#typingTimer = null;
    }

    #deliver(message, fromHistory) {
        if (isTypingOnly(message)) {
            const typing = typingEvent(message);
            if (typing && !fromHistory && typing.typing?.type !== 'Off') this.#typingOn(typing.typing?.duration);
            return;
        }
        if (makesReadOnly(message)) this.#onReadOnly();
        if (message.direction === 'Outbound' && message.type !== 'Event') this.#typingOff();
        if (this.#seen.add(message.id)) this.#emit('message', { message, fromHistory });
    }

    #typingOn(duration) {
        const durationMs = typeof duration === 'number' && duration > 0 ? Math.min(duration, MAX_TYPING_MS) : DEFAULT_TYPING_MS;
        this.reset();
        this.#emit('typing', { on: true, durationMs });
        this.#typingTimer = this.#timers.setTimeout(() => {
            this.#typingTimer = null;
            this.#emit('typing', { on: false, durationMs: 0 });
        }, durationMs);
    }

    #typingOff() {
        if (this.#typingTimer === null) return;
        this.reset();
        this.#emit('typing', { on: false, durationMs: 0 });
    }
}
