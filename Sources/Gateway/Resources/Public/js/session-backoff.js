/**
 * @file session-backoff.js — when to try again after a lost connection: exponential backoff with
 * full jitter (the same policy as the Swift SDK's `ReconnectPolicy`).
 *
 * The delay before attempt `n` (0-based) is uniformly random in `[0, min(capMs, baseMs × 2ⁿ)]`
 * ("full jitter"), so a crowd of browsers that lost the same server does not come back in step.
 * The Genesys SDKs retry every 5 s without jitter; a 1 s base brings a phone that switched from
 * Wi-Fi to mobile back within a second or two, and the 30 s cap keeps a long outage cheap.
 *
 * Usage (own reconnect loop):
 * ```js
 * import { reconnectDelay, allowsAttempt } from './session-backoff.js';
 * const policy = { baseMs: 1000, capMs: 30000, maxAttempts: Infinity };
 * if (allowsAttempt(policy, attempt)) setTimeout(connect, reconnectDelay(policy, attempt, Math.random()));
 * ```
 */

/** The defaults of `GuestSession`'s `reconnect` option. */
export const defaultReconnectPolicy = Object.freeze({ baseMs: 1000, capMs: 30000, maxAttempts: Infinity });

/**
 * Fills in missing or invalid fields with the defaults.
 * @param {{baseMs?: number, capMs?: number, maxAttempts?: number}} [policy]
 * @returns {{baseMs: number, capMs: number, maxAttempts: number}}
 */
export function normalizePolicy(policy = {}) {
    const positive = (value, fallback) => (typeof value === 'number' && value >= 0 && !Number.isNaN(value) ? value : fallback);
    const baseMs = positive(policy.baseMs, defaultReconnectPolicy.baseMs);
    const capMs = Math.max(positive(policy.capMs, defaultReconnectPolicy.capMs), 0);
    const maxAttempts = positive(policy.maxAttempts, defaultReconnectPolicy.maxAttempts);
    return { baseMs, capMs, maxAttempts };
}

/**
 * The upper bound of the delay before attempt `attempt` (0-based): `min(capMs, baseMs × 2^attempt)`.
 * @param {{baseMs: number, capMs: number}} policy
 * @param {number} attempt
 */
export function reconnectCeiling(policy, attempt) {
    const exponent = Math.min(Math.max(Math.floor(attempt) || 0, 0), 30);
    return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * The delay in milliseconds before attempt `attempt`, drawn with `random` (a value in `[0, 1)`,
 * clamped): uniformly in `[0, ceiling]`, rounded to whole milliseconds.
 * @param {{baseMs: number, capMs: number}} policy
 * @param {number} attempt
 * @param {number} random
 */
export function reconnectDelay(policy, attempt, random) {
    const fraction = Math.min(Math.max(Number.isFinite(random) ? random : 0, 0), 1);
    return Math.round(reconnectCeiling(policy, attempt) * fraction);
}

/**
 * Whether attempt `attempt` (0-based) may still be made.
 * @param {{maxAttempts: number}} policy
 * @param {number} attempt
 */
export function allowsAttempt(policy, attempt) {
    return attempt < policy.maxAttempts;
}
