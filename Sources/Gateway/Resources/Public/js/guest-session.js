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
 * - `warning` {message}: a frame or history entry was ignored, history could not be fetched, or the
 *   storage stopped persisting (check `storage.persistent` at start for the same reason).
 *
 * API: `start()`, `stop()`, `send(text, {metadata, customAttributes, buttonResponse})` → client
 * message id (`buttonResponse` {text, payload, type} answers a quick reply or card button: the
 * message goes as `Structured` with that `ButtonResponse` content),
 * `sendTyping()` → bool, `startNewConversation()`; getters `token`, `phase`, `readOnly`,
 * `pendingCount`, `pendingMessages`. Options: session-options.js.
 *
 * Limits: one tab per guest is assumed. Tabs of one origin share the stored token and outbox but
 * each sends from its own copy, so a tab reloaded while another has a message in flight (not yet
 * stored by the server) could send that message a second time; a message whose history check is
 * impossible (history API unreachable) waits rather than risk a duplicate.
 */
import { allowsAttempt, reconnectDelay } from './session-backoff.js';
import { collectHistoryGap, historyPageFetcher, SeenIds } from './session-history.js';
import { isButtonResponses, SessionRecord } from './session-outbox.js';
import { resolveOptions, watchEnvironment } from './session-options.js';
import { HEALTH_CHECK_TRACING_ID, readServerFrame, requests } from './session-protocol.js';
import { SessionConnection } from './session-connection.js';
import { OutboxDelivery } from './session-delivery.js';
import { SessionReceiver } from './session-receiver.js';

export { socketURL } from './session-options.js';

/** A second new session within this time waits for the backoff instead of reconnecting at once. */
const RENEW_GUARD_MS = 5000;

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
    /** @type {SessionConnection | null} */
    #conn = null;
    #phase = 'closed';
    #attempt = 0;
    #reconnectTimer = null;
    #delivery;
    #readOnly = false;
    /** True while `sendAttributes` is awaited for the next item (one write at a time). */
    #preparing = false;
    #pendingReason = undefined;
    #renewedAt = -Infinity;
    #lastTypingAt = -Infinity;
    #running = false;
    #unwatch = null;

    /** @param {import('./session-options.js').GuestSessionOptions} options (see session-options.js) */
    constructor(options) {
        super();
        this.#o = resolveOptions(options);
        this.#record = new SessionRecord({ storage: this.#o.storage, deploymentId: this.#o.deploymentId, uuid: this.#o.uuid });
        this.#o.storage.addEventListener?.('fallback', () => this.#warn('storage is full or blocked: resume after a reload is off'));
        this.#delivery = new OutboxDelivery({
            record: this.#record,
            emit: (type, detail) => this.#emit(type, detail),
            clock: this.#o,
            onResume: () => this.#pump(),
        });
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
        this.#unwatch = watchEnvironment(this.#o, {
            online: () => this.#onOnline(),
            offline: () => this.#onOffline(),
            visible: () => this.#onVisible(),
        });
        this.#emit('outbox', { pending: this.#record.count });
        this.#connect();
    }

    /** Closes the socket and stops reconnecting; the outbox stays stored. */
    stop() {
        if (!this.#running) return;
        this.#running = false;
        this.#unwatch?.();
        this.#unwatch = null;
        this.#clearReconnect();
        this.#delivery.stop();
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
    send(text, { metadata = {}, customAttributes = {}, buttonResponse } = {}) {
        if (typeof text !== 'string') throw new TypeError('text must be a string');
        for (const [name, map] of [['metadata', metadata], ['customAttributes', customAttributes]]) {
            if (typeof map !== 'object' || map === null || !Object.values(map).every((value) => typeof value === 'string')) {
                throw new TypeError(`${name} must map strings to strings`);
            }
        }
        let content;
        if (buttonResponse !== undefined) {
            content = [{ contentType: 'ButtonResponse', buttonResponse }];
            if (!isButtonResponses(content)) throw new TypeError('buttonResponse must be {text, payload, type} strings');
        }
        const item = this.#record.append({ text, metadata, customAttributes, content, createdAt: this.#o.now() });
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
        return conn.send(requests.typing({ token: this.#record.token, tracingId }));
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
        this.#clearReconnect();
        const conn = new SessionConnection({
            url: this.#o.url,
            WebSocketImpl: this.#o.WebSocketImpl,
            clock: this.#o,
            heartbeatMs: this.#o.heartbeatMs,
            responseTimeoutMs: this.#o.responseTimeoutMs,
            echoRequest: () => {
                const tracingId = this.#o.uuid();
                this.#echoIds.add(tracingId);
                return requests.echo({ token: this.#record.token, tracingId });
            },
            onOpen: () => this.#configure(conn, false),
            onFrame: (data) => this.#onFrame(conn, data),
            onEnd: (why) => this.#drop(conn, why),
            overdue: () => (this.#delivery.waitingMs() >= this.#o.responseTimeoutMs ? 'message not acknowledged in time' : null),
        });
        this.#conn = conn;
        if (!conn.open()) {
            this.#conn = null;
            this.#warn('could not open the WebSocket');
            this.#scheduleReconnect();
            return;
        }
        this.#setPhase('connecting');
    }

    #configure(conn, startNew) {
        conn.stage = 'configuring';
        conn.expectAnswer();
        conn.configureId = this.#o.uuid();
        const deploymentId = this.#record.deploymentId;
        conn.send(requests.configureSession({ token: this.#record.token, deploymentId, startNew, tracingId: conn.configureId }));
    }

    /** Ends `conn`; reconnects at once (`immediate`) or after the backoff. */
    #drop(conn, why, { immediate = false } = {}) {
        if (conn !== this.#conn) return;
        this.#conn = null;
        conn.close();
        this.#delivery.clear();
        if (conn.buffered) this.#receiver.flush(conn.buffered.splice(0), null);
        conn.buffered = null;
        if (conn.healthy) this.#attempt = 0;
        if (!this.#running) return;
        console.warn(`attache session: connection ended (${why})`);
        if (immediate) this.#connect();
        else this.#scheduleReconnect();
    }

    #scheduleReconnect() {
        this.#clearReconnect();
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

    #onVisible() {
        const conn = this.#conn;
        if (!conn) this.#connect();
        else if (conn.configured) conn.probe();
    }

    // ------------------------------------------------------------------ frames

    #onFrame(conn, data) {
        if (conn !== this.#conn) return;
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
        conn.answered();
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
        conn.expectAnswer();
        conn.send(requests.getJwt({ token: this.#record.token, tracingId: conn.jwtId }));
    }

    /** `closeSession`, then (on its SessionResponse) `configureSession` with `startNew: true`. */
    #restartReadOnly(conn, reason) {
        // A server still read-only after a restart on this socket: give up the token instead of looping.
        if (conn.restarted) return this.#renew(reason);
        conn.restarted = true;
        this.#delivery.clear();
        this.#pendingReason = reason;
        conn.stage = 'closing';
        conn.closeId = this.#o.uuid();
        conn.expectAnswer();
        conn.send(requests.closeSession({ token: this.#record.token, tracingId: conn.closeId }));
    }

    /** The old conversation is gone: a new token, queued messages kept (unattempted), a fresh socket. */
    #renew(reason) {
        this.#record.renewToken();
        this.#delivery.clear();
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
                    conn.expectAnswer();
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
        for (const message of gap.fetched) this.#delivery.acknowledge(message);
        this.#receiver.flush(gap.missed, true);
        for (const id of gap.fetchedIds) this.#contiguous.add(id);
        this.#ready(conn, true);
    }

    /** The connection is caught up: buffered live messages out, the outbox moves. */
    #ready(conn, contiguous) {
        if (conn !== this.#conn) return;
        conn.stage = 'ready';
        conn.answered();
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
        // The heartbeat's reply (the Genesys SDK recognises it by its tracing id) is not a message.
        const correlation = tracingId ?? message.metadata?.customMessageId;
        if (correlation === HEALTH_CHECK_TRACING_ID || (correlation && this.#echoIds.has(correlation))) return;
        const untracedPing = correlation === undefined && message.direction === 'Inbound' && message.text === 'ping';
        if (untracedPing && frame.type === 'response') return;
        this.#delivery.acknowledge(message);
        if (conn.buffered) {
            conn.buffered.push(message);
        } else {
            this.#receiver.flush([message], false);
            if (conn.stage === 'ready') this.#contiguous.add(message.id);
        }
        this.#pump();
    }

    /** An error answer (`string` body with a code, or a rate limit). */
    #onRefused(conn, code, text, tracingId, retryAfter) {
        if (tracingId && (this.#typingIds.has(tracingId) || this.#echoIds.has(tracingId))) return;
        if (tracingId && tracingId === conn.closeId) return this.#renew(this.#pendingReason ?? 'readOnly');
        if (tracingId && (tracingId === conn.configureId || tracingId === conn.jwtId)) {
            if (code === 401 || code === 403) return this.#renew('unauthorized');
            return this.#drop(conn, `session request refused (${code})`);
        }
        const outcome = this.#delivery.refused({ code, text, tracingId, retryAfter });
        if (outcome === 'ignored') console.warn(`attache session: server error ${code} for a request not in flight`);
        else if (outcome === 'endsSession') this.#renew('unauthorized');
        else if (outcome === 'dropped') this.#pump();
        return undefined;
    }

    // ------------------------------------------------------------------ outbox

    /** Sends the oldest queued item when the connection is ready and nothing is in flight. */
    #pump() {
        const conn = this.#conn;
        if (!conn || conn.stage !== 'ready' || this.#preparing) return;
        const item = this.#delivery.next();
        if (!item) return;
        if (this.#readOnly) return this.#restartReadOnly(conn, 'readOnly');
        const provider = this.#o.sendAttributes;
        if (!provider) return this.#write(conn, item, {});
        this.#preparing = true;
        let timer = null;
        const timeout = new Promise((resolve) => {
            timer = this.#o.setTimeout(() => resolve(null), this.#o.responseTimeoutMs);
        });
        Promise.race([Promise.resolve().then(provider), timeout])
            .catch(() => null)
            .then((extra) => {
                this.#o.clearTimeout(timer);
                this.#preparing = false;
                if (extra === null) console.warn('attache session: the extra custom attributes did not come; sending without them');
                // The connection or the queue may have moved on while waiting: start over then.
                if (conn !== this.#conn || conn.stage !== 'ready' || this.#delivery.next()?.id !== item.id) return this.#pump();
                this.#write(conn, item, extra ?? {});
            });
    }

    /** Writes `item` with `extra` custom attributes (string values only; the item's own win). */
    #write(conn, item, extra) {
        // In flight before the write: a socket closing during it clears this with the connection.
        this.#delivery.begin(item);
        const { token } = this.#record;
        const attributes = {};
        for (const [key, value] of Object.entries(extra ?? {})) if (typeof value === 'string' && value !== '') attributes[key] = value;
        Object.assign(attributes, item.customAttributes);
        const request = requests.textMessage({
            token, clientMessageId: item.id, text: item.text, metadata: item.metadata, customAttributes: attributes,
            content: item.content ?? [],
        });
        if (!conn.send(request) && conn === this.#conn) this.#delivery.clear();
    }

    // ------------------------------------------------------------------ helpers

    #clearReconnect() {
        if (this.#reconnectTimer !== null) this.#o.clearTimeout(this.#reconnectTimer);
        this.#reconnectTimer = null;
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
