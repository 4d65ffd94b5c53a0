/**
 * @file gateway-api.js — the Attaché gateway's guest upload API (`openapi.yaml`), for browsers.
 *
 * The JS twin of the Swift `GatewayUploadAPIClient`: JSON calls with the guest's bearer credential,
 * retries of transient failures (no answer, 408, 429 — honouring `Retry-After` — and 5xx) with
 * full-jitter backoff, and one renewal of the credential after a 401.
 *
 * The credential comes from `POST /v1/guests {sessionToken, deploymentId}` → `{credential,
 * expiresAt, guestId}`; it is renewed 60 s before it expires, after a 401, and when the session
 * token changes (a new conversation means a new guest). Neither the credential nor any URL is ever
 * logged or put in an error message; errors name the method and the route template only.
 *
 * Calls: `config()`, `ticket()`, `freshParts()`, `listParts()`, `complete()`, `abort()`,
 * `status()`, `openEvents()` (an authorised `text/event-stream` response; see upload-sse.js).
 */

import { abortError, backoffDelay, defaultRetry, isAbortError, NetworkError, sleep } from './upload-backoff.js';

/** The gateway refused a call (`application/problem+json`). */
export class GatewayError extends Error {
    /**
     * @param {object} fields
     * @param {number} fields.status HTTP status
     * @param {string} fields.slug problem slug (`upload-not-found`, `invalid-state`…) or `http-<status>`
     * @param {string} fields.message the problem's detail (server text: data, never markup)
     * @param {number} [fields.retryAfter] seconds, for 429/503
     * @param {string} [fields.route] `METHOD /route/{template}` (never a URL with an id or signature)
     */
    constructor({ status, slug, message, retryAfter, route = '' }) {
        super(message);
        this.name = 'GatewayError';
        this.route = route;
        this.status = status;
        this.slug = slug;
        this.retryAfter = retryAfter;
    }
}

/** Statuses worth retrying with the same request. */
export function isTransientStatus(status) {
    return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** The gateway's upload API for one guest. */
export class GatewayAPI {
    /**
     * @param {object} options
     * @param {string} [options.gatewayURL] base URL, `''` for the page's origin
     * @param {() => Promise<string | null | undefined>} options.getSessionToken the Genesys session token
     * @param {string} options.deploymentId
     * @param {typeof fetch} [options.fetchImpl]
     * @param {import('./upload-backoff.js').RetryPolicy} [options.retry]
     * @param {() => number} [options.random]
     * @param {() => number} [options.now]
     */
    constructor({ gatewayURL = '', getSessionToken, deploymentId, fetchImpl = globalThis.fetch, retry = defaultRetry,
        random = Math.random, now = Date.now }) {
        this.base = String(gatewayURL).replace(/\/+$/, '');
        this.getSessionToken = getSessionToken;
        this.deploymentId = deploymentId;
        /** @type {typeof fetch} */
        this.fetch = (input, init) => fetchImpl(input, init);
        this.retry = retry;
        this.random = random;
        this.now = now;
        /** @type {{credential: string, expiresAt: number, token: string, guestId: string} | null} */
        this.current = null;
        /** @type {Promise<string> | null} a registration under way, shared by concurrent callers */
        this.registering = null;
        /** Number of `POST /v1/guests` calls made (tests, diagnostics). */
        this.registrations = 0;
    }

    /** `GET /v1/guest/config` (no credential). */
    config({ signal } = {}) {
        return this.call('GET', '/v1/guest/config', { signal, authenticated: false, label: '/v1/guest/config' });
    }

    /** `POST /v1/uploads` → `{fileId, state, upload}`. */
    ticket(body, { signal } = {}) {
        return this.call('POST', '/v1/uploads', { body, signal, label: '/v1/uploads' });
    }

    /** `POST /v1/uploads/{id}/parts` → part URLs `[{partNumber, url, expiresAt}]`. */
    async freshParts(fileId, partNumbers, { signal } = {}) {
        const answer = await this.call('POST', `/v1/uploads/${enc(fileId)}/parts`, {
            body: { partNumbers }, signal, label: '/v1/uploads/{id}/parts',
        });
        return Array.isArray(answer?.parts) ? answer.parts : [];
    }

    /** `GET /v1/uploads/{id}/parts` → `{uploadId, partSize, parts: [{partNumber, etag, size}]}`. */
    listParts(fileId, { signal } = {}) {
        return this.call('GET', `/v1/uploads/${enc(fileId)}/parts`, { signal, label: '/v1/uploads/{id}/parts' });
    }

    /** `POST /v1/uploads/{id}/complete` with `{parts}` (empty for a single PUT) → status. */
    complete(fileId, parts, { signal } = {}) {
        return this.call('POST', `/v1/uploads/${enc(fileId)}/complete`, {
            body: { parts }, signal, label: '/v1/uploads/{id}/complete',
        });
    }

    /** `DELETE /v1/uploads/{id}` → status (`expired`). */
    abort(fileId, { signal } = {}) {
        return this.call('DELETE', `/v1/uploads/${enc(fileId)}`, { signal, label: '/v1/uploads/{id}' });
    }

    /** `DELETE /v1/files/{id}`: erases the guest's file everywhere (GDPR); idempotent, 204. */
    erase(fileId, { signal } = {}) {
        return this.call('DELETE', `/v1/files/${enc(fileId)}`, { signal, label: '/v1/files/{id}' });
    }

    /** `GET /v1/uploads/{id}` → `{fileId, state, reason?, filename, size, contentType, …}`. */
    status(fileId, { signal } = {}) {
        return this.call('GET', `/v1/uploads/${enc(fileId)}`, { signal, label: '/v1/uploads/{id}' });
    }

    /**
     * `GET /v1/uploads/{id}/events`: the open response (status 200), its body unread.
     * @returns {Promise<Response>}
     */
    openEvents(fileId, { signal } = {}) {
        return this.call('GET', `/v1/uploads/${enc(fileId)}/events`, {
            signal, label: '/v1/uploads/{id}/events', raw: true, accept: 'text/event-stream',
        });
    }

    /** Forgets the credential (the gateway refused it). */
    invalidate() {
        this.current = null;
    }

    /**
     * The bearer credential, registering when none is held, it expires within 60 s, or the
     * session token changed.
     * @param {AbortSignal} [signal]
     * @returns {Promise<string>}
     */
    async credential(signal) {
        const token = await this.getSessionToken();
        if (!token) throw new NetworkError('the conversation has not started yet');
        const held = this.current;
        if (held && held.token === token && held.expiresAt - this.now() > 60_000) return held.credential;
        if (!this.registering) {
            this.registering = this.register(token, signal).finally(() => { this.registering = null; });
        }
        return this.registering;
    }

    /**
     * The gateway guest id of the current session token (registering when needed): the guest page
     * sends it as the custom attribute `attacheGuestId` so the conversation gets bound to it.
     * @param {AbortSignal} [signal]
     * @returns {Promise<string>}
     */
    async guestId(signal) {
        await this.credential(signal);
        return this.current?.guestId ?? '';
    }

    /** @param {string} token @param {AbortSignal} [signal] */
    async register(token, signal) {
        this.registrations += 1;
        const answer = await this.call('POST', '/v1/guests', {
            body: { sessionToken: token, deploymentId: this.deploymentId }, signal, authenticated: false,
            label: '/v1/guests',
        });
        if (typeof answer?.credential !== 'string' || answer.credential === '') {
            throw new GatewayError({ status: 200, slug: 'protocol', message: 'POST /v1/guests: no credential in the answer' });
        }
        const expiresAt = Date.parse(answer.expiresAt);
        this.current = {
            credential: answer.credential,
            expiresAt: Number.isNaN(expiresAt) ? this.now() + 5 * 60_000 : expiresAt,
            token,
            guestId: typeof answer.guestId === 'string' ? answer.guestId : '',
        };
        return answer.credential;
    }

    /**
     * One call with retries.
     * @param {string} method
     * @param {string} path
     * @param {{body?: unknown, signal?: AbortSignal, authenticated?: boolean, label: string, raw?: boolean,
     *   accept?: string}} options
     */
    async call(method, path, { body, signal, authenticated = true, label, raw = false, accept = 'application/json' }) {
        let renewed = false;
        for (let attempt = 0; ; attempt += 1) {
            if (signal?.aborted) throw abortError(signal);
            /** @type {Record<string, string>} */
            const headers = { Accept: accept };
            if (body !== undefined) headers['Content-Type'] = 'application/json';
            let failure;
            let retryAfterMs = 0;
            try {
                if (authenticated) headers.Authorization = `Bearer ${await this.credential(signal)}`;
                const response = await this.send(method, path, headers, body, signal);
                if (response.ok) {
                    if (raw) return response;
                    const text = await response.text();
                    try {
                        return text ? JSON.parse(text) : {};
                    } catch {
                        throw new GatewayError({ status: response.status, slug: 'protocol',
                            message: `${method} ${label}: the answer is not JSON` });
                    }
                }
                const error = await problem(response, method, label);
                if (response.status === 401 && authenticated && !renewed) {
                    renewed = true;
                    this.invalidate();
                    attempt -= 1;
                    continue;
                }
                if (!isTransientStatus(response.status)) throw error;
                failure = error;
                retryAfterMs = Math.min((error.retryAfter ?? 0) * 1000, this.retry.capMs);
            } catch (error) {
                if (isAbortError(error) || signal?.aborted) throw signal?.aborted ? abortError(signal) : error;
                if (!(error instanceof NetworkError)) throw error;
                failure = error;
            }
            if (attempt + 1 >= this.retry.maxAttempts) throw failure;
            await sleep(Math.max(backoffDelay(attempt, this.retry, this.random), retryAfterMs), signal);
        }
    }

    /** The fetch itself; a missing answer becomes a NetworkError naming the route, never the URL. */
    async send(method, path, headers, body, signal) {
        try {
            return await this.fetch(this.base + path, {
                method,
                headers,
                body: body === undefined ? undefined : JSON.stringify(body),
                signal,
                credentials: 'omit',
                cache: 'no-store',
            });
        } catch (error) {
            if (isAbortError(error) || signal?.aborted) throw signal?.aborted ? abortError(signal) : error;
            throw new NetworkError(`${method} ${path.replace(/\/v1\/uploads\/[^/]+/, '/v1/uploads/{id}')}: the gateway is unreachable`);
        }
    }
}

/** @param {string} value */
function enc(value) {
    return encodeURIComponent(String(value));
}

/**
 * The error of a refused call, from its problem body.
 * @param {Response} response
 * @param {string} method
 * @param {string} label
 */
async function problem(response, method, label) {
    let data = {};
    try {
        data = JSON.parse(await response.text());
    } catch {
        data = {};
    }
    const header = Number(response.headers.get('retry-after'));
    const retryAfter = Number.isFinite(header) && header > 0 ? header
        : (Number.isFinite(data?.retryAfter) ? Number(data.retryAfter) : undefined);
    const detail = typeof data?.detail === 'string' ? data.detail
        : (typeof data?.title === 'string' ? data.title : `HTTP ${response.status}`);
    const slug = typeof data?.type === 'string' && data.type ? data.type.split('/').pop() : `http-${response.status}`;
    return new GatewayError({ status: response.status, slug, message: detail, retryAfter, route: `${method} ${label}` });
}
