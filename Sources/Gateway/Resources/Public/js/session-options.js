/**
 * @file session-options.js — the options of `GuestSession` (guest-session.js), checked and with
 * their defaults filled in, and the socket URL built from them.
 *
 * Only `webSocketURL` and `deploymentId` are required. The browser's own objects are the defaults
 * (`WebSocket`, `fetch`, timers, `window`, `document`, `navigator`, `crypto.randomUUID`); tests
 * and other runtimes pass stand-ins. A team with its own UI passes the values of the gateway's
 * `GET /v1/guest/config` (`webSocketURL`, `apiBaseURL`, `deploymentId`) and a storage:
 * ```js
 * new GuestSession({ webSocketURL, apiBaseURL, deploymentId, storage: openStorage({ prefix: 'myapp.' }),
 *     heartbeatSeconds: 60, reconnect: { baseMs: 1000, capMs: 30000, maxAttempts: Infinity } });
 * ```
 */
import { normalizePolicy } from './session-backoff.js';
import { randomUUID } from './session-outbox.js';
import { openStorage } from './storage.js';

/**
 * Adds `deploymentId` to the socket URL unless present; resolves a relative URL against the page
 * and turns http(s) into ws(s).
 * @param {string} webSocketURL
 * @param {string} deploymentId
 */
export function socketURL(webSocketURL, deploymentId) {
    try {
        const url = new URL(webSocketURL, globalThis.location?.href);
        if (url.protocol === 'http:') url.protocol = 'ws:';
        if (url.protocol === 'https:') url.protocol = 'wss:';
        if (!url.searchParams.has('deploymentId')) url.searchParams.set('deploymentId', deploymentId);
        return url.toString();
    } catch {
        return webSocketURL;
    }
}

/**
 * @typedef {object} GuestSessionOptions
 * @property {string} webSocketURL the guest WebSocket (`wss://webmessaging.{region}/v1`); `?deploymentId=` is added.
 * @property {string} [apiBaseURL] the platform API base for the history (`https://api.{region}`; '' = this origin).
 * @property {string} deploymentId the Messenger deployment.
 * @property {import('./storage.js').KeyValueStorage} [storage] token and outbox (default `openStorage()`).
 * @property {number} [heartbeatSeconds] an `echo` after this long without sending (default 60).
 * @property {{baseMs?: number, capMs?: number, maxAttempts?: number}} [reconnect] backoff (1 s, 30 s, ∞).
 * @property {any} [WebSocketImpl] default `WebSocket`.
 * @property {typeof fetch} [fetchImpl] default `fetch`.
 * @property {() => number} [random] jitter source in [0, 1) (default `Math.random`).
 * @property {() => number} [now] epoch ms (default `Date.now`).
 * @property {{setTimeout: Function, clearTimeout: Function}} [timers] default the global timers.
 * @property {number} [responseTimeoutMs] answers (session, JWT, history page, heartbeat, message echo) due within this (15 s).
 * @property {number} [maxHistoryPages] pages of 25 read at most per fill (8).
 * @property {number} [typingThrottleMs] `sendTyping()` sends at most this often (5 s).
 * @property {() => string} [uuid] token and id source (default `crypto.randomUUID`).
 * @property {EventTarget} [windowTarget] fires `online` / `offline` (default `window`).
 * @property {EventTarget & {visibilityState?: string}} [documentTarget] fires `visibilitychange` (default `document`).
 * @property {{onLine?: boolean}} [navigatorImpl] default `navigator`.
 * @property {() => Promise<Record<string, string>>} [sendAttributes] custom attributes added to every
 *   message when it is written (not when queued), so they belong to the session it goes to — the
 *   guest page passes the gateway guest id this way. Waited for at most `responseTimeoutMs`; on
 *   failure the message goes without them.
 */

/**
 * The options with defaults, every function callable on its own (no `this` surprises).
 * @param {GuestSessionOptions} options
 */
export function resolveOptions({
    webSocketURL,
    apiBaseURL = '',
    deploymentId,
    storage,
    heartbeatSeconds = 60,
    reconnect = {},
    WebSocketImpl = globalThis.WebSocket,
    fetchImpl = globalThis.fetch ? (...args) => globalThis.fetch(...args) : undefined,
    random = Math.random,
    now = Date.now,
    timers = { setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms), clearTimeout: (id) => globalThis.clearTimeout(id) },
    responseTimeoutMs = 15000,
    maxHistoryPages = 8,
    typingThrottleMs = 5000,
    uuid = randomUUID,
    windowTarget = globalThis.window,
    documentTarget = globalThis.document,
    navigatorImpl = globalThis.navigator,
    sendAttributes = null,
}) {
    if (typeof deploymentId !== 'string' || deploymentId === '') throw new TypeError('deploymentId is required');
    if (typeof webSocketURL !== 'string' || webSocketURL === '') throw new TypeError('webSocketURL is required');
    if (typeof WebSocketImpl !== 'function') throw new TypeError('no WebSocket implementation');
    return {
        url: socketURL(webSocketURL, deploymentId),
        apiBaseURL,
        deploymentId,
        storage: storage ?? openStorage(),
        policy: normalizePolicy(reconnect),
        heartbeatMs: Math.max(1000, heartbeatSeconds * 1000),
        responseTimeoutMs,
        maxHistoryPages,
        typingThrottleMs,
        WebSocketImpl,
        fetchImpl,
        random: () => random(),
        now: () => now(),
        setTimeout: (fn, ms) => timers.setTimeout(fn, ms),
        clearTimeout: (id) => timers.clearTimeout(id),
        uuid: () => uuid(),
        windowTarget,
        documentTarget,
        navigatorImpl,
        sendAttributes: typeof sendAttributes === 'function' ? () => sendAttributes() : null,
    };
}

/**
 * Listens to the page's network and visibility events; returns the function that stops listening.
 * @param {{windowTarget?: EventTarget, documentTarget?: EventTarget & {visibilityState?: string}}} targets
 * @param {{online: () => void, offline: () => void, visible: () => void}} handlers
 */
export function watchEnvironment({ windowTarget, documentTarget }, handlers) {
    const removers = [];
    const listen = (target, type, handler) => {
        if (typeof target?.addEventListener !== 'function') return;
        target.addEventListener(type, handler);
        removers.push(() => target.removeEventListener(type, handler));
    };
    listen(windowTarget, 'online', () => handlers.online());
    listen(windowTarget, 'offline', () => handlers.offline());
    listen(documentTarget, 'visibilitychange', () => {
        if (documentTarget.visibilityState !== 'hidden') handlers.visible();
    });
    return () => {
        for (const remove of removers.splice(0)) remove();
    };
}
