/**
 * @file upload-harness.mjs — builds UploadManagers wired to the fake gateway, records their events
 * and everything written to the console (to prove no credential or signed URL is ever logged).
 */

import { UploadManager } from '../../../Sources/Gateway/Resources/Public/js/uploads.js';
import { memoryUploadStore } from '../../../Sources/Gateway/Resources/Public/js/upload-store.js';

/** Fast retries for tests. */
export const fastRetry = { baseMs: 1, capMs: 4, maxAttempts: 4 };

/**
 * A manager against `gw`; `events` collects every event as `{type, ...detail}`.
 * @param {ReturnType<import('./upload-fake-gateway.mjs').createFakeGateway>} gw
 * @param {object} [options] overrides of UploadManager options
 */
export function makeManager(gw, options = {}) {
    const uploads = new UploadManager({
        gatewayURL: 'http://gw.test', deploymentId: 'dep-1', getSessionToken: async () => 'session-token-1',
        fetchImpl: gw.fetch, retry: fastRetry, store: memoryUploadStore(), onlineTarget: null, ...options,
    });
    const events = [];
    for (const type of ['progress', 'uploaded', 'state', 'error', 'storage']) {
        uploads.addEventListener(type, (event) => events.push({ type, ...event.detail }));
    }
    return { uploads, events };
}

/** Bytes 0…n-1 as text-ish content, so a wrong order or a missing part shows. */
export function content(size) {
    return Array.from({ length: size }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
}

/** Everything written through console.* while `body` runs. */
export async function captureConsole(body) {
    const lines = [];
    const saved = {};
    for (const name of ['log', 'info', 'warn', 'error', 'debug']) {
        saved[name] = console[name];
        console[name] = (...args) => lines.push(args.map(String).join(' '));
    }
    try {
        await body();
    } finally {
        Object.assign(console, saved);
    }
    return lines;
}

/** A promise and its resolver. */
export function deferred() {
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    return { promise, resolve };
}
