/**
 * @file upload-transfer.js — one PUT of bytes to a presigned object-store URL.
 *
 * Two implementations with one result shape, `{status, etag, code}`:
 * - `xhrTransfer` (browsers): `XMLHttpRequest`, because only it reports upload progress
 *   (`xhr.upload.onprogress`); the ETag is read from `getAllResponseHeaders()`, which lists only
 *   headers the store exposes through CORS (`ExposeHeaders: ETag`) and never logs a refusal;
 * - `fetchTransfer` (tests, or when `fetchImpl` is injected): `fetch`, no in-flight progress (the
 *   manager reports each part when it is acknowledged).
 * `etag` is `null` when the store did not expose it; the caller then learns it from
 * `GET /v1/uploads/{id}/parts`. `code` is the S3 `<Code>` of an error answer (e.g.
 * `AccessDenied`), never the URL: presigned URLs carry signatures and are never logged or shown.
 * A missing answer rejects with `NetworkError`, an abort with an `AbortError`.
 */

import { abortError, isAbortError, NetworkError } from './upload-backoff.js';

/**
 * @typedef {object} TransferRequest
 * @property {string} url presigned URL
 * @property {Record<string, string>} headers headers the ticket says to send (forbidden ones are dropped)
 * @property {Blob} body the bytes
 * @property {AbortSignal} [signal]
 * @property {(loaded: number) => void} [onProgress] bytes of this body sent so far
 */

/**
 * @typedef {object} TransferResult
 * @property {number} status
 * @property {string | null} etag
 * @property {string} code S3 error code of a failed answer, else `''`
 */

/** Headers a browser refuses to let a page set; the browser sends them itself. */
const forbidden = new Set(['content-length', 'host', 'connection', 'expect', 'transfer-encoding']);

/**
 * The headers to set, without forbidden ones.
 * @param {Record<string, string>} headers
 */
export function sendableHeaders(headers) {
    /** @type {Record<string, string>} */
    const out = {};
    for (const [name, value] of Object.entries(headers ?? {})) {
        if (!forbidden.has(name.toLowerCase())) out[name] = String(value);
    }
    return out;
}

/** `<Code>AccessDenied</Code>` → `AccessDenied`. @param {string} text */
export function s3ErrorCode(text) {
    const match = /<Code>([^<]{1,100})<\/Code>/.exec(String(text ?? '').slice(0, 4096));
    return match ? match[1] : '';
}

/**
 * A transfer over `fetch`.
 * @param {typeof fetch} fetchImpl
 * @returns {(request: TransferRequest) => Promise<TransferResult>}
 */
export function fetchTransfer(fetchImpl) {
    return async ({ url, headers, body, signal }) => {
        let response;
        try {
            response = await fetchImpl(url, {
                method: 'PUT', headers: sendableHeaders(headers), body, signal, credentials: 'omit', cache: 'no-store',
            });
        } catch (error) {
            if (isAbortError(error) || signal?.aborted) throw abortError(signal);
            throw new NetworkError('the object store is unreachable');
        }
        const text = response.ok ? '' : await response.text().catch(() => '');
        return { status: response.status, etag: response.headers.get('etag'), code: s3ErrorCode(text) };
    };
}

/**
 * A transfer over `XMLHttpRequest`, with upload progress. A request that makes no progress for
 * `stallMs` is aborted and reported as a NetworkError (a silently dropped connection).
 * @param {typeof XMLHttpRequest} XHR
 * @param {{stallMs?: number}} [options]
 * @returns {(request: TransferRequest) => Promise<TransferResult>}
 */
export function xhrTransfer(XHR, { stallMs = 60_000 } = {}) {
    return ({ url, headers, body, signal, onProgress }) => new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(signal));
        const xhr = new XHR();
        let stalled = false;
        let timer = null;
        const watch = () => {
            clearTimeout(timer);
            timer = setTimeout(() => { stalled = true; xhr.abort(); }, stallMs);
        };
        const onAbort = () => xhr.abort();
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
        };
        xhr.open('PUT', url);
        for (const [name, value] of Object.entries(sendableHeaders(headers))) xhr.setRequestHeader(name, value);
        if (xhr.upload) {
            xhr.upload.onprogress = (event) => {
                watch();
                onProgress?.(event.loaded);
            };
        }
        xhr.onload = () => {
            done();
            resolve({
                status: xhr.status,
                etag: exposedHeader(xhr.getAllResponseHeaders(), 'etag'),
                code: xhr.status >= 200 && xhr.status < 300 ? '' : s3ErrorCode(xhr.responseText),
            });
        };
        xhr.onerror = () => { done(); reject(new NetworkError('the object store is unreachable')); };
        xhr.ontimeout = xhr.onerror;
        xhr.onabort = () => {
            done();
            reject(stalled ? new NetworkError('the upload stalled') : abortError(signal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        watch();
        xhr.send(body);
    });
}

/**
 * A header's value from `getAllResponseHeaders()` text, or `null`.
 * @param {string} all
 * @param {string} name lowercase
 */
export function exposedHeader(all, name) {
    for (const line of String(all ?? '').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
    }
    return null;
}

/**
 * The transfer an UploadManager uses: a given function; `'xhr'`; `'fetch'`; or `'auto'` — XHR (for
 * progress) when the page's own `fetch` is in use, else the injected `fetchImpl`.
 * @param {'auto'|'xhr'|'fetch'|((request: TransferRequest) => Promise<TransferResult>)} transfer
 * @param {typeof fetch} fetchImpl
 * @param {number} stallMs
 */
export function chooseTransfer(transfer, fetchImpl, stallMs) {
    if (typeof transfer === 'function') return transfer;
    const XHR = globalThis.XMLHttpRequest;
    if (transfer === 'xhr' || (transfer === 'auto' && XHR && fetchImpl === globalThis.fetch)) {
        return xhrTransfer(XHR, { stallMs });
    }
    return fetchTransfer((input, init) => fetchImpl(input, init));
}
