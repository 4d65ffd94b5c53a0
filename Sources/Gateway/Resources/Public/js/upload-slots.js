/**
 * @file upload-slots.js — a counting semaphore with abortable waits, bounding the PUTs in flight
 * across every upload of an UploadManager (uploads.js).
 *
 * ```js
 * const slots = new Slots(4);
 * const release = await slots.acquire(signal);   // rejects with AbortError when signal aborts first
 * try { await sendPart(); } finally { release(); }
 * ```
 */

import { abortError } from './upload-backoff.js';

/** A counting semaphore; waiters are served first come, first served. */
export class Slots {
    /** @param {number} size slots in all (at least 1) */
    constructor(size) {
        this.free = Math.max(1, size);
        /** @type {{grant: () => void}[]} */
        this.waiters = [];
        /** Slots in use (tests, diagnostics). */
        this.inUse = 0;
        /** Most slots ever in use at once. */
        this.peak = 0;
    }

    /**
     * Waits for a slot.
     * @param {AbortSignal} [signal]
     * @returns {Promise<() => void>} call once to give the slot back
     */
    acquire(signal) {
        return new Promise((resolve, reject) => {
            if (signal?.aborted) return reject(abortError(signal));
            const waiter = {
                grant: () => {
                    signal?.removeEventListener('abort', onAbort);
                    this.inUse += 1;
                    this.peak = Math.max(this.peak, this.inUse);
                    let released = false;
                    resolve(() => {
                        if (released) return;
                        released = true;
                        this.inUse -= 1;
                        this.free += 1;
                        this.next();
                    });
                },
            };
            const onAbort = () => {
                const index = this.waiters.indexOf(waiter);
                if (index !== -1) this.waiters.splice(index, 1);
                reject(abortError(signal));
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            this.waiters.push(waiter);
            this.next();
        });
    }

    next() {
        while (this.free > 0 && this.waiters.length > 0) {
            this.free -= 1;
            this.waiters.shift().grant();
        }
    }
}
