/**
 * @file guest-session.js — a guest's side of a Genesys Cloud Web Messaging conversation that
 * survives reloads, days of silence and network switches without losing or doubling a message.
 * The same semantics as the Swift SDK's `GuestSession` (Sources/GuestClient).
 *
 * What it does:
 * - keeps a random UUID token with the deployment id in `storage` (storage.js) and reuses it, so
 *   a reload or a browser restart days later continues the conversation (`configureSession`);
 * - sends an `echo` heartbeat when the socket is quiet and treats a socket that stops answering as
 *   dead (the `ping` replies are never reported as messages);
 * - reconnects with exponential backoff and full jitter (session-backoff.js) when the socket closes,
 *   and at once when the browser comes back `online` or the page becomes visible again;
 * - after every resumed connection: `getJwt`, then the REST history, to report what was missed
 *   (each message id at most once);
 * - an outbox persisted in `storage`: `send()` queues durably and returns a client message id; the
 *   items go out one at a time, in order, with the id as `tracingId` and `metadata.customMessageId`,
 *   and leave the outbox when the server echoes them back. An item written to a socket that died
 *   before its echo is looked up in the history after the reconnect and only resent if absent;
 * - per-message errors: too long (4011) and other permanent refusals drop the item (`sendError`),
 *   rate limits (429, `TooManyRequestsErrorMessage.retryAfter`) and server errors wait and retry;
 * - an expired or unknown session (`SessionExpiredEvent`, 4006, 4007), a cleared one, or 401/403
 *   starts a new session with a new token; a read-only conversation (SessionResponse `readOnly`, or
 *   an Outbound Presence `Disconnect` with `metadata.readOnly == "true"`) is closed and a new one
 *   started (`closeSession`, then `configureSession` with `startNew: true`) before the next send.
 *   Either way `session` fires with a `reason` so the UI can tell the user;
 * - agent typing in (`typing`), guest typing out (`sendTyping()`, throttled);
 * - hostile frames (not JSON, > 1 MiB, unknown class, wrong types) are ignored with a console
 *   warning and a `warning` event. Console output never holds message text or tokens.
 *
 * Usage (a team with its own UI):
 * ```js
 * import { openStorage } from './storage.js';
 * import { GuestSession } from './guest-session.js';
 * const config = await (await fetch('/v1/guest/config')).json();
 * const session = new GuestSession({ webSocketURL: config.webSocketURL, apiBaseURL: config.apiBaseURL,
 *     deploymentId: config.deploymentId, storage: openStorage() });
 * session.addEventListener('message', (e) => render(e.detail.message));      // deduplicated
 * session.addEventListener('phase', (e) => showState(e.detail.phase));
 * session.addEventListener('session', (e) => { if (e.detail.reason) notice('A new conversation was started'); });
 * session.addEventListener('delivered', (e) => markSent(e.detail.clientMessageId));
 * session.start();
 * for (const item of session.pendingMessages) renderPending(item);         // survived a reload
 * const id = session.send('Hello');                                          // works offline too
 * ```
 *
 * Events (CustomEvent, data in `detail`):
 * - `message` {message, fromHistory}: a StructuredMessage as received (agent, system, or the guest's
 *   own message echoed back, which carries `metadata.customMessageId`); typing-only events are not
 *   messages. History fills may report older messages after newer live ones: order by `channel.time`.
 * - `phase` {phase: 'connecting'|'connected'|'reconnecting'|'offline'|'closed', attempt, retryInMs}.
 * - `session` {newSession, readOnly, reason?: 'expired'|'notFound'|'readOnly'|'unauthorized'|'cleared'|'requested'}:
 *   on every session answer; `reason` only when a new conversation had to be started.
 * - `typing` {on, durationMs}; `outbox` {pending}; `delivered` {clientMessageId, messageId};
 * - `sendError` {clientMessageId, code, message, retryAfter?}: without `retryAfter` the message was
 *   dropped; with it (seconds) it stays queued and is retried automatically.
 * - `warning` {message}: a frame or history entry was ignored, or history could not be fetched.
 */
import { allowsAttempt, normalizePolicy, reconnectDelay } from './session-backoff.js';
import { collectHistoryGap, historyPageFetcher, SeenIds } from './session-history.js';
import { randomUUID, SessionRecord } from './session-outbox.js';
import { HEALTH_CHECK_TRACING_ID, readServerFrame, requests } from './session-protocol.js';
import { SessionReceiver } from './session-receiver.js';
import { openStorage } from './storage.js';

const SOCKET_OPEN = 1;
/** A second new session within this time waits for the backoff instead of reconnecting at once. */
const RENEW_GUARD_MS = 5000;

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

/** A guest session: connect with `start()`, queue with `send()`, listen to the events above. */
export class GuestSession extends EventTarget {
    #o;
    #record;
    #seen = new SeenIds();
    #contiguous = new SeenIds();
    /** Tracing ids of our `echo` and typing requests, whose answers are not messages. */
    #echoIds = new SeenIds(64);
    #typingIds = new SeenIds(64);
    #receiver;
    /** @type {any} the open connection: {ws, stage, deadline, …} */
    #conn = null;
    #phase = 'closed';
    #attempt = 0;
    #reconnectTimer = null;
    #tickTimer = null;
    #pauseTimer = null;
    /** @type {{id: string, sentAt: number} | null} */
    #inFlight = null;
    #readOnly = false;
    #pendingReason = undefined;
    #renewedAt = -Infinity;
    #lastTypingAt = -Infinity;
    #running = false;
    #listeners = [];

    /**
     * @param {object} options
     * @param {string} options.webSocketURL the guest WebSocket (`wss://webmessaging.{region}/v1`); `?deploymentId=` is added.
     * @param {string} [options.apiBaseURL] the platform API base for history (`https://api.{region}`; '' = this origin).
     * @param {string} options.deploymentId
     * @param {ReturnType<typeof openStorage>} [options.storage] default `openStorage()`.
     * @param {number} [options.heartbeatSeconds] an `echo` after this long without sending.
     * @param {{baseMs?: number, capMs?: number, maxAttempts?: number}} [options.reconnect]
     * @param {any} [options.WebSocketImpl] @param {typeof fetch} [options.fetchImpl]
     * @param {() => number} [options.random] @param {() => number} [options.now]
     * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers] (tests)
     * @param {number} [options.responseTimeoutMs] answers (session, JWT, echo, message echo) due within this.
     * @param {number} [options.maxHistoryPages] @param {number} [options.typingThrottleMs]
     * @param {() => string} [options.uuid] @param {EventTarget} [options.windowTarget]
     * @param {EventTarget & {visibilityState?: string}} [options.documentTarget] @param {{onLine?: boolean}} [options.navigatorImpl]
     */
    constructor({
        webSocketURL,
        apiBaseURL = '',
        deploymentId,
        storage = openStorage(),
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
    }) {
        super();
        if (typeof deploymentId !== 'string' || deploymentId === '') throw new TypeError('deploymentId is required');
        if (typeof webSocketURL !== 'string' || webSocketURL === '') throw new TypeError('webSocketURL is required');
        const heartbeatMs = Math.max(1000, heartbeatSeconds * 1000);
        this.#o = {
            url: socketURL(webSocketURL, deploymentId),
            apiBaseURL,
            policy: normalizePolicy(reconnect),
            heartbeatMs,
            responseTimeoutMs,
            tickMs: Math.max(100, Math.min(heartbeatMs, responseTimeoutMs) / 4),
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
        };
        this.#record = new SessionRecord({ storage, deploymentId, uuid: this.#o.uuid });
        this.#receiver = new SessionReceiver({
            seen: this.#seen,
            emit: (type, detail) => this.#emit(type, detail),
            timers: this.#o,
            onReadOnly: () => {
                if (this.#readOnly) return;
                this.#readOnly = true;
                this.#emit('session', { newSession: false, readOnly: true });
            },
        });
    }

    /** The session token (secret: never log it). */
    get token() {
        return this.#record.token;
    }

    /** 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed'. */
    get phase() {
        return this.#phase;
    }

    /** Whether the conversation is read-only (the next send starts a new one). */
    get readOnly() {
        return this.#readOnly;
    }

    /** How many messages wait in the outbox. */
    get pendingCount() {
        return this.#record.count;
    }

    /** Copies of the queued messages, oldest first: {id, text, metadata, customAttributes, createdAt}. */
    get pendingMessages() {
        return this.#record.items;
    }

    /** Connects (and keeps reconnecting until `stop()`). */
    start() {
        if (this.#running) return;
        this.#running = true;
        const listen = (target, type, handler) => {
            if (typeof target?.addEventListener !== 'function') return;
            target.addEventListener(type, handler);
            this.#listeners.push(() => target.removeEventListener(type, handler));
        };
        listen(this.#o.windowTarget, 'online', () => this.#onOnline());
        listen(this.#o.windowTarget, 'offline', () => this.#onOffline());
        listen(this.#o.documentTarget, 'visibilitychange', () => this.#onVisibilityChange());
        this.#emit('outbox', { pending: this.#record.count });
        this.#connect();
    }

    /** Closes the socket and stops reconnecting; the outbox stays stored. */
    stop() {
        if (!this.#running) return;
        this.#running = false;
        for (const remove of this.#listeners.splice(0)) remove();
        this.#clearTimer('#reconnectTimer');
        this.#clearPause();
        this.#receiver.reset();
        if (this.#conn) this.#drop(this.#conn, 'stopped');
        this.#setPhase('closed');
    }

    /**
     * Queues a message durably; it is sent as soon as the session is ready, in order, exactly once.
     * @param {string} text
     * @param {{metadata?: Record<string, string>, customAttributes?: Record<string, string>}} [options]
     * @returns {string} the client message id (`delivered`, `sendError` and the echo's `metadata.customMessageId`).
     */
    send(text, { metadata = {}, customAttributes = {} } = {}) {
        if (typeof text !== 'string') throw new TypeError('text must be a string');
        for (const [name, map] of [['metadata', metadata], ['customAttributes', customAttributes]]) {
            if (typeof map !== 'object' || map === null || !Object.values(map).every((value) => typeof value === 'string')) {
                throw new TypeError(`${name} must map strings to strings`);
            }
        }
        const item = this.#record.append({ text, metadata, customAttributes, createdAt: this.#o.now() });
        this.#emit('outbox', { pending: this.#record.count });
        this.#pump();
        return item.id;
    }

    /**
     * Tells the agent the guest is typing; at most once per `typingThrottleMs`, only while connected.
     * @returns {boolean} whether an event was sent.
     */
    sendTyping() {
        const conn = this.#conn;
        if (!conn || conn.stage !== 'ready' || this.#readOnly) return false;
        const time = this.#o.now();
        if (time - this.#lastTypingAt < this.#o.typingThrottleMs) return false;
        this.#lastTypingAt = time;
        const tracingId = this.#o.uuid();
        this.#typingIds.add(tracingId);
        return this.#sendFrame(conn, requests.typing({ token: this.#record.token, tracingId }));
    }

    /**
     * Ends the current conversation for this guest and starts a new one (reason `requested`): a
     * read-only conversation is closed and restarted; otherwise a new token is used.
     */
    startNewConversation() {
        const conn = this.#conn;
        if (this.#readOnly && conn?.configured) {
            this.#restartReadOnly(conn, 'requested');
        } else {
            this.#renew('requested');
        }
    }

    // ------------------------------------------------------------------ connection

    #connect() {
        if (!this.#running || this.#conn) return;
        this.#clearTimer('#reconnectTimer');
        let ws;
        try {
            ws = new this.#o.WebSocketImpl(this.#o.url);
        } catch {
            this.#warn('could not open the WebSocket');
            this.#scheduleReconnect();
            return;
        }
        const time = this.#o.now();
        const conn = { ws, stage: 'opening', deadline: time + this.#o.responseTimeoutMs, lastFrameAt: time, lastSentAt: time };
        this.#conn = conn;
        this.#setPhase('connecting');
        ws.addEventListener('open', () => this.#onOpen(conn));
        ws.addEventListener('message', (event) => this.#onFrame(conn, event.data));
        ws.addEventListener('close', () => this.#drop(conn, 'closed'));
        ws.addEventListener('error', () => this.#drop(conn, 'socket error'));
        this.#scheduleTick();
    }

    #onOpen(conn) {
        if (conn !== this.#conn) return;
        this.#configure(conn, false);
    }

    #configure(conn, startNew) {
        conn.stage = 'configuring';
        conn.deadline = this.#o.now() + this.#o.responseTimeoutMs;
        conn.configureId = this.#o.uuid();
        const deploymentId = this.#record.deploymentId;
        this.#sendFrame(conn, requests.configureSession({ token: this.#record.token, deploymentId, startNew, tracingId: conn.configureId }));
    }

    /** Ends `conn`; reconnects at once (`immediate`) or after the backoff. */
    #drop(conn, why, { immediate = false } = {}) {
        if (conn !== this.#conn) return;
        this.#conn = null;
        this.#clearTimer('#tickTimer');
        this.#inFlight = null;
        try {
            conn.ws.close();
        } catch {
            // already closed
        }
        if (conn.buffered) this.#receiver.flush(conn.buffered.splice(0), null);
        conn.buffered = null;
        if (conn.healthy) this.#attempt = 0;
        if (!this.#running) return;
        console.warn(`attache session: connection ended (${why})`);
        if (immediate) this.#connect();
        else this.#scheduleReconnect();
    }

    #scheduleReconnect() {
        this.#clearTimer('#reconnectTimer');
        const { policy } = this.#o;
        const offline = this.#o.navigatorImpl?.onLine === false;
        if (!offline && !allowsAttempt(policy, this.#attempt)) {
            this.#warn(`gave up reconnecting after ${this.#attempt} attempts`);
            this.#setPhase('closed');
            return;
        }
        const delay = offline ? policy.capMs : reconnectDelay(policy, this.#attempt, this.#o.random());
        if (!offline) this.#attempt += 1;
        this.#setPhase(offline ? 'offline' : 'reconnecting', delay);
        this.#reconnectTimer = this.#o.setTimeout(() => {
            this.#reconnectTimer = null;
            this.#connect();
        }, delay);
    }

    #scheduleTick() {
        this.#clearTimer('#tickTimer');
        this.#tickTimer = this.#o.setTimeout(() => {
            this.#tickTimer = null;
            this.#onTick();
        }, this.#o.tickMs);
    }

    /** Deadlines, dead-socket detection, heartbeats. */
    #onTick() {
        const conn = this.#conn;
        if (!conn) return;
        const { heartbeatMs, responseTimeoutMs } = this.#o;
        const time = this.#o.now();
        if (conn.deadline !== undefined && conn.deadline !== null && time >= conn.deadline) {
            return this.#drop(conn, `no answer while ${conn.stage}`);
        }
        if (conn.echoDeadline && time >= conn.echoDeadline) return this.#drop(conn, 'no answer to a heartbeat');
        if (conn.stage !== 'opening' && time - conn.lastFrameAt >= heartbeatMs + responseTimeoutMs) {
            return this.#drop(conn, 'silent socket');
        }
        if (this.#inFlight && time - this.#inFlight.sentAt >= responseTimeoutMs) {
            return this.#drop(conn, 'message not acknowledged in time');
        }
        if (conn.configured && time - conn.lastSentAt >= heartbeatMs) this.#probe(conn);
        this.#scheduleTick();
    }

    /** Sends an `echo`; the socket is dead unless some frame arrives within the response timeout. */
    #probe(conn) {
        const tracingId = this.#o.uuid();
        this.#echoIds.add(tracingId);
        conn.echoDeadline ??= this.#o.now() + this.#o.responseTimeoutMs;
        this.#sendFrame(conn, requests.echo({ token: this.#record.token, tracingId }));
    }

    #sendFrame(conn, request) {
        if (conn.ws.readyState !== SOCKET_OPEN) return false;
        try {
            conn.ws.send(JSON.stringify(request));
        } catch {
            this.#drop(conn, 'send failed');
            return false;
        }
        conn.lastSentAt = this.#o.now();
        return true;
    }

    // ------------------------------------------------------------------ network and page events

    #onOnline() {
        this.#attempt = 0;
        const conn = this.#conn;
        if (!conn) this.#connect();
        else if (conn.configured) this.#drop(conn, 'network changed', { immediate: true });
    }

    #onOffline() {
        if (this.#conn) this.#drop(this.#conn, 'offline');
        else if (this.#reconnectTimer !== null) this.#scheduleReconnect();
    }

    #onVisibilityChange() {
        if (this.#o.documentTarget?.visibilityState === 'hidden') return;
        const conn = this.#conn;
        if (!conn) this.#connect();
        else if (conn.configured) this.#probe(conn);
    }

    // ------------------------------------------------------------------ frames

    #onFrame(conn, data) {
        if (conn !== this.#conn) return;
        conn.lastFrameAt = this.#o.now();
        conn.echoDeadline = null;
        const { frame, warning } = readServerFrame(data);
        if (!frame) return this.#warn(warning);
        try {
            this.#dispatch(conn, frame);
        } catch (error) {
            this.#warn(`a ${frame.class} frame could not be handled (${error?.name ?? 'error'})`);
        }
    }

    #dispatch(conn, frame) {
        const { body, code, tracingId } = frame;
        if (frame.class === 'SessionExpiredEvent' || code === 4006) return this.#renew('expired');
        if (code === 4007) return this.#renew('notFound');
        switch (frame.class) {
            case 'SessionResponse':
                return this.#onSessionResponse(conn, body);
            case 'JwtResponse':
                if (conn.stage === 'awaitingJwt' && (!tracingId || tracingId === conn.jwtId)) this.#fill(conn, body.jwt);
                return undefined;
            case 'StructuredMessage':
                return this.#onStructuredMessage(conn, frame);
            case 'TooManyRequestsErrorMessage':
                return this.#onRefused(conn, 429, body.errorMessage ?? 'request rate too high', tracingId, body.retryAfter);
            case 'string':
                return this.#onRefused(conn, code, body, tracingId);
            case 'SessionClearedEvent':
                return this.#renew('cleared');
            case 'ConnectionClosedEvent':
                return this.#drop(conn, 'closed by the server');
            default:
                return undefined; // attachment classes and LogoutEvent: not used by this client
        }
    }

    #onSessionResponse(conn, body) {
        if (conn.stage === 'closing') {
            if (body.connected === false) this.#configure(conn, true);
            return;
        }
        if (conn.stage !== 'configuring') return;
        if (body.connected === false) return this.#drop(conn, 'session not connected');
        conn.configured = true;
        conn.deadline = null;
        this.#readOnly = body.readOnly === true;
        const newSession = body.newSession === true;
        const detail = { newSession, readOnly: this.#readOnly };
        if (newSession) {
            const reason = this.#pendingReason ?? (this.#record.established ? 'expired' : undefined);
            if (reason) detail.reason = reason;
            this.#pendingReason = undefined;
            this.#record.resetAttempted();
            this.#contiguous.clear();
        }
        this.#record.markEstablished();
        this.#setPhase('connected');
        this.#emit('session', detail);
        if (conn !== this.#conn) return; // a listener stopped the session
        if (this.#readOnly && this.#record.count > 0) return this.#restartReadOnly(conn, 'readOnly');
        if (newSession) return this.#ready(conn, true);
        conn.stage = 'awaitingJwt';
        conn.buffered = [];
        conn.jwtId = this.#o.uuid();
        conn.deadline = this.#o.now() + this.#o.responseTimeoutMs;
        this.#sendFrame(conn, requests.getJwt({ token: this.#record.token, tracingId: conn.jwtId }));
    }

    /** `closeSession`, then (on its SessionResponse) `configureSession` with `startNew: true`. */
    #restartReadOnly(conn, reason) {
        this.#inFlight = null;
        this.#pendingReason = reason;
        conn.stage = 'closing';
        conn.closeId = this.#o.uuid();
        conn.deadline = this.#o.now() + this.#o.responseTimeoutMs;
        this.#sendFrame(conn, requests.closeSession({ token: this.#record.token, tracingId: conn.closeId }));
    }

    /** The old conversation is gone: a new token, queued messages kept (unattempted), a fresh socket. */
    #renew(reason) {
        this.#record.renewToken();
        this.#inFlight = null;
        this.#readOnly = false;
        this.#pendingReason = reason;
        this.#contiguous.clear();
        const time = this.#o.now();
        const immediate = time - this.#renewedAt >= RENEW_GUARD_MS;
        this.#renewedAt = time;
        if (this.#conn) this.#drop(this.#conn, `session ended (${reason})`, { immediate });
    }

    async #fill(conn, jwt) {
        conn.stage = 'filling';
        const fetchPage = historyPageFetcher({ apiBaseURL: this.#o.apiBaseURL, jwt, fetchImpl: this.#o.fetchImpl });
        let gap;
        try {
            gap = await collectHistoryGap({
                fetchPage: (pageNumber) => {
                    conn.deadline = this.#o.now() + this.#o.responseTimeoutMs;
                    return fetchPage(pageNumber);
                },
                seen: this.#seen,
                contiguous: this.#contiguous,
                maxPages: this.#o.maxHistoryPages,
            });
        } catch (error) {
            if (conn !== this.#conn) return;
            this.#warn(`the history could not be fetched (${error?.message ?? 'error'})`);
            // Without the history a message that may have reached the server cannot be checked.
            if (this.#record.hasAttempted) return this.#drop(conn, 'history unavailable');
            return this.#ready(conn, false);
        }
        if (conn !== this.#conn) return;
        if (gap.skipped > 0) this.#warn(`ignored ${gap.skipped} malformed history entries`);
        for (const message of gap.fetched) this.#acknowledgeEcho(message);
        this.#receiver.flush(gap.missed, true);
        for (const id of gap.fetchedIds) this.#contiguous.add(id);
        this.#ready(conn, true);
    }

    /** The connection is caught up: buffered live messages out, the outbox moves. */
    #ready(conn, contiguous) {
        if (conn !== this.#conn) return;
        conn.stage = 'ready';
        conn.deadline = null;
        conn.healthy = true;
        this.#attempt = 0;
        const buffered = conn.buffered ?? [];
        conn.buffered = null;
        this.#receiver.flush(buffered, false);
        if (contiguous) for (const message of buffered) this.#contiguous.add(message.id);
        this.#pump();
    }

    #onStructuredMessage(conn, frame) {
        const message = frame.body;
        const { tracingId } = frame;
        if (tracingId && this.#typingIds.has(tracingId)) return; // our own typing, echoed
        const ping = message.direction === 'Inbound' && message.text === 'ping' && !message.metadata?.customMessageId;
        if (ping && (tracingId === undefined || tracingId === HEALTH_CHECK_TRACING_ID || this.#echoIds.has(tracingId))) return;
        this.#acknowledgeEcho(message);
        if (conn.buffered) {
            conn.buffered.push(message);
        } else {
            this.#receiver.flush([message], false);
            if (conn.stage === 'ready') this.#contiguous.add(message.id);
        }
        this.#pump();
    }

    /** An Inbound message carrying one of our client message ids: the server has it. */
    #acknowledgeEcho(message) {
        const clientMessageId = message.direction === 'Inbound' ? message.metadata?.customMessageId : undefined;
        if (!clientMessageId || !this.#record.remove(clientMessageId)) return;
        if (this.#inFlight?.id === clientMessageId) this.#inFlight = null;
        this.#emit('delivered', { clientMessageId, messageId: message.id });
        this.#emit('outbox', { pending: this.#record.count });
    }

    /** An error answer (`string` body with a code, or a rate limit). */
    #onRefused(conn, code, text, tracingId, retryAfter) {
        if (tracingId && (this.#typingIds.has(tracingId) || this.#echoIds.has(tracingId))) return;
        if (tracingId && tracingId === conn.closeId) return this.#renew(this.#pendingReason ?? 'readOnly');
        if (tracingId && (tracingId === conn.configureId || tracingId === conn.jwtId)) {
            if (code === 401 || code === 403) return this.#renew('unauthorized');
            return this.#drop(conn, `session request refused (${code})`);
        }
        const inFlight = this.#inFlight;
        if (!inFlight || (tracingId && tracingId !== inFlight.id)) {
            console.warn(`attache session: server error ${code} for a request not in flight`);
            return undefined;
        }
        if (code === 401 || code === 403) return this.#renew('unauthorized');
        this.#inFlight = null;
        const temporary = code === 408 || code === 429 || code === 4029 || (code >= 500 && code < 600) || code >= 5000;
        if (temporary) {
            const seconds = Math.min(Math.max(typeof retryAfter === 'number' ? retryAfter : 2, 1), 3600);
            this.#pause(seconds * 1000);
            this.#emit('sendError', { clientMessageId: inFlight.id, code, message: String(text), retryAfter: seconds });
            return undefined;
        }
        this.#record.remove(inFlight.id);
        this.#emit('sendError', { clientMessageId: inFlight.id, code, message: String(text) });
        this.#emit('outbox', { pending: this.#record.count });
        this.#pump();
        return undefined;
    }

    // ------------------------------------------------------------------ outbox

    /** Sends the oldest queued item when the connection is ready and nothing is in flight. */
    #pump() {
        const conn = this.#conn;
        if (!conn || conn.stage !== 'ready' || this.#inFlight || this.#pauseTimer !== null) return;
        const item = this.#record.head();
        if (!item) return;
        if (this.#readOnly) return this.#restartReadOnly(conn, 'readOnly');
        this.#record.markAttempted(item.id);
        const request = requests.textMessage({
            token: this.#record.token,
            clientMessageId: item.id,
            text: item.text,
            metadata: item.metadata,
            customAttributes: item.customAttributes,
        });
        // In flight before the write: a socket closing during it clears this with the connection.
        this.#inFlight = { id: item.id, sentAt: this.#o.now() };
        if (!this.#sendFrame(conn, request) && conn === this.#conn) this.#inFlight = null;
    }

    #pause(ms) {
        this.#clearPause();
        this.#pauseTimer = this.#o.setTimeout(() => {
            this.#pauseTimer = null;
            this.#pump();
        }, ms);
    }

    #clearPause() {
        if (this.#pauseTimer !== null) this.#o.clearTimeout(this.#pauseTimer);
        this.#pauseTimer = null;
    }

    // ------------------------------------------------------------------ helpers

    /** @param {'#reconnectTimer' | '#tickTimer'} which */
    #clearTimer(which) {
        if (which === '#reconnectTimer' && this.#reconnectTimer !== null) {
            this.#o.clearTimeout(this.#reconnectTimer);
            this.#reconnectTimer = null;
        } else if (which === '#tickTimer' && this.#tickTimer !== null) {
            this.#o.clearTimeout(this.#tickTimer);
            this.#tickTimer = null;
        }
    }

    #setPhase(phase, retryInMs = null) {
        this.#phase = phase;
        this.#emit('phase', { phase, attempt: this.#attempt, retryInMs });
    }

    #warn(message) {
        console.warn(`attache session: ${message}`);
        this.#emit('warning', { message });
    }

    #emit(type, detail) {
        this.dispatchEvent(new CustomEvent(type, { detail }));
    }
}
