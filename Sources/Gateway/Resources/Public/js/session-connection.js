/**
 * @file session-connection.js — one guest WebSocket and its liveness: the answer deadline of the
 * request being waited for, `echo` heartbeats when the socket is quiet, and dead-socket detection
 * (no answer to a heartbeat, or no frame at all for too long). `GuestSession` opens one per
 * attempt and replaces it when it ends; it reports each end exactly once through `onEnd`.
 *
 * Usage (inside a session of one's own):
 * ```js
 * const connection = new SessionConnection({
 *     url, WebSocketImpl: WebSocket, clock: { now: Date.now, setTimeout, clearTimeout },
 *     heartbeatMs: 60000, responseTimeoutMs: 15000,
 *     echoRequest: () => ({ action: 'echo', token, message: { type: 'Text', text: 'ping' }, tracingId: uuid() }),
 *     onOpen: () => connection.send(configureSessionRequest),
 *     onFrame: (data) => handle(data),
 *     onEnd: (why) => scheduleReconnect(),
 * });
 * connection.open();
 * ```
 */

const SOCKET_OPEN = 1;

/** A guest WebSocket with deadlines and heartbeats. */
export class SessionConnection {
    /** Where the session stands on this socket: opening, configuring, closing, awaitingJwt, filling, ready. */
    stage = 'opening';
    /** Whether the server configured a session on it. */
    configured = false;
    /** Whether it got as far as ready (a healthy connection resets the reconnect attempts). */
    healthy = false;
    /** Whether a read-only conversation was already closed and restarted on it. */
    restarted = false;
    /** Live messages held back while the history gap is filled (null: not holding). */
    buffered = null;
    /** Tracing ids of this socket's session requests. */
    configureId = undefined;
    jwtId = undefined;
    closeId = undefined;

    #o;
    #ws = null;
    #ended = false;
    #deadline = null;
    #echoDeadline = null;
    #lastFrameAt;
    #lastSentAt;
    #tickTimer = null;

    /**
     * @param {object} options
     * @param {string} options.url
     * @param {any} options.WebSocketImpl
     * @param {{now: () => number, setTimeout: Function, clearTimeout: Function}} options.clock
     * @param {number} options.heartbeatMs an `echo` after this long without sending.
     * @param {number} options.responseTimeoutMs answers (and heartbeat replies) are due within this.
     * @param {() => object} options.echoRequest a fresh `echo` request.
     * @param {() => void} options.onOpen
     * @param {(data: unknown) => void} options.onFrame
     * @param {(why: string) => void} options.onEnd called once, unless `close()` ended it.
     * @param {() => (string | null)} [options.overdue] a reason to end the socket (checked each tick).
     */
    constructor(options) {
        this.#o = options;
        this.#lastFrameAt = options.clock.now();
        this.#lastSentAt = this.#lastFrameAt;
    }

    /**
     * Opens the socket.
     * @returns {boolean} false when the WebSocket could not even be created.
     */
    open() {
        try {
            this.#ws = new this.#o.WebSocketImpl(this.#o.url);
        } catch {
            this.#ended = true;
            return false;
        }
        this.expectAnswer();
        this.#ws.addEventListener('open', () => {
            if (!this.#ended) this.#o.onOpen();
        });
        this.#ws.addEventListener('message', (event) => {
            if (this.#ended) return;
            this.#lastFrameAt = this.#o.clock.now();
            this.#echoDeadline = null;
            this.#o.onFrame(event.data);
        });
        this.#ws.addEventListener('close', () => this.#end('closed'));
        this.#ws.addEventListener('error', () => this.#end('socket error'));
        this.#scheduleTick();
        return true;
    }

    /** Closes the socket without calling `onEnd`. */
    close() {
        if (this.#ended) return;
        this.#ended = true;
        this.#stopTick();
        try {
            this.#ws?.close();
        } catch {
            // already closed
        }
    }

    /**
     * Writes one request as JSON.
     * @param {object} request
     * @returns {boolean} whether it was written (false: not open, or the write failed and ended the socket).
     */
    send(request) {
        if (this.#ended || this.#ws?.readyState !== SOCKET_OPEN) return false;
        this.#lastSentAt = this.#o.clock.now();
        try {
            this.#ws.send(JSON.stringify(request));
        } catch {
            this.#end('send failed');
            return false;
        }
        return true;
    }

    /** An answer is due within the response timeout (or the socket ends). */
    expectAnswer() {
        this.#deadline = this.#o.clock.now() + this.#o.responseTimeoutMs;
    }

    /** Nothing is awaited any more. */
    answered() {
        this.#deadline = null;
    }

    /**
     * Sends an `echo`; the socket is dead unless some frame arrives within the response timeout.
     * One probe at a time: while one waits for its answer, another call does nothing.
     */
    probe() {
        if (this.#echoDeadline !== null) return;
        this.#echoDeadline = this.#o.clock.now() + this.#o.responseTimeoutMs;
        this.send(this.#o.echoRequest());
    }

    #end(why) {
        if (this.#ended) return;
        this.close();
        this.#o.onEnd(why);
    }

    #scheduleTick() {
        const { heartbeatMs, responseTimeoutMs, clock } = this.#o;
        this.#tickTimer = clock.setTimeout(() => {
            this.#tickTimer = null;
            this.#tick();
        }, Math.max(100, Math.min(heartbeatMs, responseTimeoutMs) / 4));
    }

    #stopTick() {
        if (this.#tickTimer !== null) this.#o.clock.clearTimeout(this.#tickTimer);
        this.#tickTimer = null;
    }

    /** Deadlines, dead-socket detection, heartbeats. */
    #tick() {
        if (this.#ended) return;
        const { heartbeatMs, responseTimeoutMs } = this.#o;
        const time = this.#o.clock.now();
        let why = null;
        if (this.#deadline !== null && time >= this.#deadline) why = `no answer while ${this.stage}`;
        else if (this.#echoDeadline !== null && time >= this.#echoDeadline) why = 'no answer to a heartbeat';
        else if (this.stage !== 'opening' && time - this.#lastFrameAt >= heartbeatMs + responseTimeoutMs) why = 'silent socket';
        else why = this.#o.overdue?.() ?? null;
        if (why) return this.#end(why);
        if (this.configured && time - this.#lastSentAt >= heartbeatMs) this.probe();
        if (!this.#ended) this.#scheduleTick();
        return undefined;
    }
}
