/**
 * @file upload-follow.js — follows a completed upload's state at the gateway (used by uploads.js).
 *
 * Reads `GET /v1/uploads/{id}/events` (`text/event-stream`, needs `Authorization`, hence `fetch`
 * and a streaming reader, not `EventSource`) and hands every `state` event's JSON (a
 * `StatusResponse`: `{fileId, state, reason?, …}`) to `onStatus`. The gateway ends a stream after a
 * final state or after its lifetime (5 minutes); a stream that ends before a final state is
 * reopened after the server's `retry` (3 s), a failed one after full-jitter backoff (1 s … 30 s),
 * a 401 renews the credential (gateway-api.js). Malformed events are ignored with a warning.
 * Gateway states map to UI states with `uiState`: `uploaded`/`scanning` → `scanning`, `clean`,
 * `rejected`, `expired`, `deleted` (retention or the guest's erasure).
 */

import { isTransientStatus } from './gateway-api.js';
import { backoffDelay, isAbortError, sleep } from './upload-backoff.js';
import { readEventStream, SSEParser } from './upload-sse.js';

/** States after which nothing changes. */
export const finalStates = new Set(['clean', 'rejected', 'expired', 'deleted', 'failed', 'cancelled']);

/**
 * The UI state of a gateway state, or null for states the UI does not show after completion.
 * @param {string} state
 */
export function uiState(state) {
    switch (state) {
        case 'uploaded':
        case 'scanning': return 'scanning';
        case 'clean':
        case 'rejected':
        case 'expired':
        case 'deleted': return state;
        default: return null;
    }
}

/**
 * Follows `fileId` until `isDone()` or `signal` aborts.
 * @param {import('./gateway-api.js').GatewayAPI} api
 * @param {string} fileId
 * @param {(status: {state: string, reason?: string}) => void} onStatus
 * @param {() => boolean} isDone
 * @param {AbortSignal} signal
 * @param {{random?: () => number, retryMs?: number}} [options]
 */
export async function follow(api, fileId, onStatus, isDone, signal, { random = Math.random, retryMs = 3000 } = {}) {
    let failures = 0;
    while (!signal.aborted && !isDone()) {
        let wait = retryMs;
        try {
            const response = await api.openEvents(fileId, { signal });
            const parser = new SSEParser((event) => {
                if (event.type !== 'state') return;
                let status;
                try {
                    status = JSON.parse(event.data);
                } catch {
                    status = null;
                }
                if (!status || typeof status.state !== 'string') {
                    console.warn('attache: ignored a malformed upload event');
                    return;
                }
                onStatus(status);
            });
            if (response.body) await readEventStream(response.body, parser, signal);
            else {
                parser.push(await response.text());
                parser.push('\n\n');
            }
            failures = 0;
            if (parser.retryMs !== null) wait = parser.retryMs;
        } catch (error) {
            if (signal.aborted || isAbortError(error)) return;
            const status = /** @type {any} */ (error)?.status;
            if (typeof status === 'number' && status > 0 && !isTransientStatus(status)) {
                console.warn('attache: stopped following an upload:', String(error.message));
                return;
            }
            wait = Math.max(250, backoffDelay(failures, { baseMs: 1000, capMs: 30_000 }, random));
            failures += 1;
        }
        if (isDone()) return;
        try {
            await sleep(wait, signal);
        } catch {
            return;
        }
    }
}
