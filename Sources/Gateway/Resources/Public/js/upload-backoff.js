/**
 * @file upload-backoff.js — retry timing for the upload library (uploads.js, gateway-api.js).
 *
 * Exponential backoff with full jitter, as the Swift `ReconnectPolicy`: the n-th retry (0-based)
 * waits a uniformly random time in `[0, min(capMs, baseMs * 2^n))`. Also an abortable `sleep` and the
 * error classes shared by the upload modules. No DOM, no globals beyond timers.
 */

/**
 * @typedef {object} RetryPolicy
 * @property {number} baseMs first ceiling in milliseconds
 * @property {number} capMs largest ceiling in milliseconds
 * @property {number} maxAttempts attempts in all (first try included)
 */

/** The default retry policy of gateway calls and part PUTs (Swift GatewayUploaderConfiguration). */
export const defaultRetry = Object.freeze({ baseMs: 250, capMs: 15000, maxAttempts: 6 });

/**
 * The delay before retry number `attempt` (0-based), full jitter.
 * @param {number} attempt
 * @param {{baseMs: number, capMs: number}} policy
 * @param {() => number} [random] returns a number in [0, 1)
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, policy, random = Math.random) {
    const exponent = Math.min(Math.max(attempt, 0), 30);
    const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
    const fraction = Math.min(Math.max(Number(random()) || 0, 0), 1);
    return Math.floor(ceiling * fraction);
}

/**
 * Waits `ms` milliseconds; rejects with the signal's reason (an AbortError) when it is aborted.
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
export function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(signal));
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, Math.max(0, ms));
        function onAbort() {
            clearTimeout(timer);
            reject(abortError(signal));
        }
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}

/**
 * An AbortError for a signal (always a DOMException named "AbortError", whatever the reason).
 * @param {AbortSignal} [signal]
 */
export function abortError(signal) {
    const reason = signal?.reason;
    if (reason instanceof Error && reason.name === 'AbortError') return reason;
    return new DOMException(typeof reason === 'string' ? reason : 'aborted', 'AbortError');
}

/** @param {unknown} error @returns {boolean} */
export function isAbortError(error) {
    return error instanceof Error && error.name === 'AbortError';
}

/** No answer arrived (offline, connection refused or reset, DNS, CORS refusal). */
export class NetworkError extends Error {
    /** @param {string} message */
    constructor(message) {
        super(message);
        this.name = 'NetworkError';
        this.status = 0;
    }
}

/** @param {unknown} error @returns {boolean} whether it is a missing answer (worth waiting for the network) */
export function isNetworkError(error) {
    return error instanceof Error && (error.name === 'NetworkError' || /** @type {any} */ (error).status === 0);
}
