/**
 * @file upload-locks.js — one tab per upload, through the Web Locks API.
 *
 * Two tabs of the page share the upload store; without a lock both would `restore()` and send the
 * same file. `holdLock(name)` takes the lock if it is free and keeps it until the returned release
 * function is called (or the tab goes away); it resolves to `null` when another tab holds it. Where
 * `navigator.locks` is missing every lock is granted (a no-op release).
 */

/**
 * @param {string} name
 * @param {{request: Function} | null | undefined} [locks] default `navigator.locks`
 * @returns {Promise<(() => void) | null>}
 */
export function holdLock(name, locks = globalThis.navigator?.locks) {
    if (!locks?.request) return Promise.resolve(() => {});
    return new Promise((resolve) => {
        Promise.resolve(locks.request(name, { ifAvailable: true }, (lock) => {
            if (!lock) {
                resolve(null);
                return undefined;
            }
            return new Promise((release) => resolve(() => release(undefined)));
        })).catch(() => resolve(() => {}));
    });
}
