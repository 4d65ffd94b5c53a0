// Builds a GuestSession wired to the fakes and records its events and console warnings.
import { GuestSession } from '../../../Sources/Gateway/Resources/Public/js/guest-session.js';
import { openStorage } from '../../../Sources/Gateway/Resources/Public/js/storage.js';
import { FakeClock, settle } from './fake-clock.mjs';
import { FakeGenesys } from './fake-genesys.mjs';
import { FakeWebStorage } from './fake-storage.mjs';

export { settle };

/** Unique across the sessions of a test file, so two sessions never share a token by accident. */
let uuidCount = 0;

/** Captures console.warn for the test's duration (restore with `stop()`). */
export function captureWarnings() {
    const original = console.warn;
    const lines = [];
    console.warn = (...args) => lines.push(args.map(String).join(' '));
    return { lines, stop: () => { console.warn = original; } };
}

/** A window/document/navigator trio whose events a test fires. */
export function fakeEnvironment() {
    const windowTarget = new EventTarget();
    const documentTarget = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const navigatorImpl = { onLine: true };
    return {
        windowTarget,
        documentTarget,
        navigatorImpl,
        goOffline() {
            navigatorImpl.onLine = false;
            windowTarget.dispatchEvent(new Event('offline'));
        },
        goOnline() {
            navigatorImpl.onLine = true;
            windowTarget.dispatchEvent(new Event('online'));
        },
        setVisibility(state) {
            documentTarget.visibilityState = state;
            documentTarget.dispatchEvent(new Event('visibilitychange'));
        },
    };
}

/**
 * A session against a fake server; `events` lists [type, detail] in order.
 * @param {object} [options] server, clock, webStorage, env and GuestSession option overrides.
 */
export function makeSession({ server = new FakeGenesys(), clock = new FakeClock(), webStorage = new FakeWebStorage(), env = fakeEnvironment(), ...overrides } = {}) {
    const storage = openStorage({ prefix: 'test.', backend: webStorage });
    const session = new GuestSession({
        webSocketURL: 'ws://127.0.0.1:9/v1',
        apiBaseURL: 'http://127.0.0.1:9',
        deploymentId: server.deploymentId,
        storage,
        WebSocketImpl: server.WebSocket,
        fetchImpl: server.fetch,
        random: () => 0.5,
        now: clock.now,
        timers: clock,
        uuid: () => {
            uuidCount += 1;
            return `00000000-0000-4000-8000-${String(uuidCount).padStart(12, '0')}`;
        },
        windowTarget: env.windowTarget,
        documentTarget: env.documentTarget,
        navigatorImpl: env.navigatorImpl,
        ...overrides,
    });
    const events = [];
    for (const type of ['message', 'phase', 'session', 'typing', 'outbox', 'delivered', 'sendError', 'warning']) {
        session.addEventListener(type, (event) => events.push([type, event.detail]));
    }
    const of = (type) => events.filter(([kind]) => kind === type).map(([, detail]) => detail);
    return { session, server, clock, webStorage, storage, env, events, of };
}
