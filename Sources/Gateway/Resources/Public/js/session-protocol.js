/**
 * @file session-protocol.js — the Genesys Web Messaging Guest protocol as plain data: the
 * requests a guest sends, and a strict reader for the frames the server sends back.
 *
 * Requests (client → server) are JSON objects with `action`, `token` and a fresh `tracingId`;
 * the server copies the `tracingId` onto its reply. Frames (server → client) are envelopes
 * `{type: 'response'|'message', class, code, body, tracingId?}` dispatched on `class`.
 *
 * `readServerFrame` never throws: a frame that is not text, larger than 1 MiB, not JSON, of an
 * unknown class or with fields of the wrong type comes back as `{ warning }` and the caller ignores
 * it. Warnings describe the problem, never the frame's content (it may hold message text).
 *
 * Usage (a client of its own):
 * ```js
 * import { requests, readServerFrame } from './session-protocol.js';
 * socket.send(JSON.stringify(requests.configureSession({ token, deploymentId, tracingId })));
 * socket.onmessage = (event) => {
 *     const { frame, warning } = readServerFrame(event.data);
 *     if (frame) dispatch(frame.class, frame.body, frame.code, frame.tracingId);
 * };
 * ```
 */

/** Frames larger than this (in UTF-8 bytes) are ignored. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Error numbers the session acts on (envelope `code`). */
export const ErrorCodes = Object.freeze({
    badRequest: 400,
    unauthorized: 401,
    forbidden: 403,
    requestTimeout: 408,
    tooManyRequests: 429,
    sessionExpired: 4006,
    sessionNotFound: 4007,
    messageTooLong: 4011,
    customAttributesTooLarge: 4013,
    requestRateTooHigh: 4029,
    unexpected: 5000,
});

/** The tracing id the official SDKs use for `echo` heartbeats (base64 of `HealthCheckMessageId`). */
export const HEALTH_CHECK_TRACING_ID = 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=';

/** Builders of the guest's requests; each returns the JSON object to send. */
export const requests = Object.freeze({
    /**
     * @param {{token: string, deploymentId: string, tracingId: string, startNew?: boolean}} args
     */
    configureSession({ token, deploymentId, tracingId, startNew = false }) {
        return { action: 'configureSession', token, deploymentId, startNew, tracingId };
    },

    /**
     * A text message; `metadata.customMessageId` and `tracingId` both carry the client message id.
     * With `content` (e.g. a `ButtonResponse` answering a quick reply) the message is `Structured`.
     * @param {{token: string, clientMessageId: string, text: string,
     *   metadata?: Record<string, string>, customAttributes?: Record<string, string>, content?: object[]}} args
     */
    textMessage({ token, clientMessageId, text, metadata = {}, customAttributes = {}, content = [] }) {
        const message = { type: 'Text', text, metadata: { ...metadata, customMessageId: clientMessageId } };
        if (content.length > 0) {
            message.type = 'Structured';
            message.content = content.map((part) => ({ ...part }));
        }
        if (Object.keys(customAttributes).length > 0) {
            message.channel = { metadata: { customAttributes: { ...customAttributes } } };
        }
        return { action: 'onMessage', token, message, tracingId: clientMessageId };
    },

    /** @param {{token: string, tracingId: string}} args */
    typing({ token, tracingId }) {
        return {
            action: 'onMessage',
            token,
            message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] },
            tracingId,
        };
    },

    /**
     * The heartbeat; answered by a `StructuredMessage` with text `ping` and the same tracing id.
     * @param {{token: string, tracingId: string}} args
     */
    echo({ token, tracingId }) {
        return { action: 'echo', token, message: { type: 'Text', text: 'ping' }, tracingId };
    },

    /** @param {{token: string, tracingId: string}} args */
    getJwt({ token, tracingId }) {
        return { action: 'getJwt', token, tracingId };
    },

    /** @param {{token: string, tracingId: string}} args */
    closeSession({ token, tracingId }) {
        return { action: 'closeSession', token, closeAllConnections: true, tracingId };
    },
});

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptional = (value, check) => value === undefined || value === null || check(value);
const isString = (value) => typeof value === 'string';
const isBoolean = (value) => typeof value === 'boolean';
const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);
const isStringMap = (value) => isObject(value) && Object.values(value).every(isString);

/**
 * Whether `message` is a well-formed `StructuredMessage` (as the WebSocket sends it and as the
 * history API lists it): an `id`, a `type`, a known `direction`, and correctly typed optional fields.
 * @param {unknown} message
 * @returns {boolean}
 */
export function isStructuredMessage(message) {
    if (!isObject(message)) return false;
    return (
        isString(message.id) &&
        message.id.length > 0 &&
        message.id.length <= 256 &&
        isString(message.type) &&
        (message.direction === 'Inbound' || message.direction === 'Outbound') &&
        isOptional(message.text, isString) &&
        isOptional(message.metadata, isStringMap) &&
        isOptional(message.content, Array.isArray) &&
        isOptional(message.events, Array.isArray) &&
        isOptional(message.channel, isObject)
    );
}

/** Body checks by class; classes the session does not use are accepted as long as the body is an object. */
const bodyChecks = {
    SessionResponse: (body) =>
        isObject(body) &&
        isOptional(body.connected, isBoolean) &&
        isOptional(body.newSession, isBoolean) &&
        isOptional(body.readOnly, isBoolean),
    StructuredMessage: isStructuredMessage,
    JwtResponse: (body) => isObject(body) && isString(body.jwt) && body.jwt.length > 0 && isOptional(body.exp, isNumber),
    TooManyRequestsErrorMessage: (body) => isObject(body) && isNumber(body.retryAfter) && body.retryAfter >= 0,
    string: isString,
    SessionExpiredEvent: (body) => isOptional(body, isObject),
    SessionClearedEvent: (body) => isOptional(body, isObject),
    LogoutEvent: (body) => isOptional(body, isObject),
    ConnectionClosedEvent: (body) => isOptional(body, isObject),
    PresignedUrlResponse: isObject,
    UploadSuccessEvent: isObject,
    UploadFailureEvent: isObject,
    GenerateUrlError: isObject,
    AttachmentDeletedResponse: isObject,
};

/**
 * The UTF-8 length of `text`, computed only when it could exceed `limit`.
 * @param {string} text
 * @param {number} limit
 */
function exceedsBytes(text, limit) {
    if (text.length > limit) return true;
    if (text.length * 3 <= limit) return false;
    return new TextEncoder().encode(text).length > limit;
}

/**
 * Reads one WebSocket frame.
 * @param {unknown} data the `MessageEvent.data` of the frame.
 * @returns {{frame: {type: string, class: string, code: number, body: any, tracingId?: string}} | {warning: string}}
 */
export function readServerFrame(data) {
    if (!isString(data)) return { warning: 'ignored a binary frame' };
    if (exceedsBytes(data, MAX_FRAME_BYTES)) return { warning: `ignored a frame larger than ${MAX_FRAME_BYTES} bytes` };
    let parsed;
    try {
        parsed = JSON.parse(data);
    } catch {
        return { warning: 'ignored a frame that is not JSON' };
    }
    if (!isObject(parsed)) return { warning: 'ignored a frame that is not a JSON object' };
    const className = parsed.class;
    if (!isString(className) || !isString(parsed.type) || !isNumber(parsed.code) || !isOptional(parsed.tracingId, isString)) {
        return { warning: 'ignored a frame without a valid envelope (type, class, code, tracingId)' };
    }
    const check = Object.hasOwn(bodyChecks, className) ? bodyChecks[className] : undefined;
    if (!check) return { warning: `ignored a frame of unknown class ${JSON.stringify(className.slice(0, 40))}` };
    if (!check(parsed.body)) return { warning: `ignored a ${className} frame with a malformed body` };
    const frame = { type: parsed.type, class: className, code: parsed.code, body: parsed.body };
    if (isString(parsed.tracingId)) frame.tracingId = parsed.tracingId;
    return { frame };
}

/**
 * Whether `message` is an agent-side typing indicator (an `Outbound` message with a `Typing` event).
 * @param {any} message a valid StructuredMessage
 */
export function typingEvent(message) {
    if (message.direction !== 'Outbound' || !Array.isArray(message.events)) return undefined;
    return message.events.find((event) => isObject(event) && event.eventType === 'Typing');
}

/**
 * Whether `message` carries only typing events (nothing to show as a message).
 * @param {any} message a valid StructuredMessage
 */
export function isTypingOnly(message) {
    return (
        message.type === 'Event' &&
        Array.isArray(message.events) &&
        message.events.length > 0 &&
        message.events.every((event) => isObject(event) && event.eventType === 'Typing')
    );
}

/**
 * Whether this Outbound `Presence` `Disconnect` with `metadata.readOnly == "true"` makes the
 * conversation read-only (history and echo still allowed, sending is not).
 * @param {any} message a valid StructuredMessage
 */
export function makesReadOnly(message) {
    return (
        message.direction === 'Outbound' &&
        message.metadata?.readOnly === 'true' &&
        Array.isArray(message.events) &&
        message.events.some((event) => isObject(event) && event.eventType === 'Presence' && event.presence?.type === 'Disconnect')
    );
}

/**
 * The client message id of a guest message (`metadata.customMessageId`), if any.
 * @param {any} message a valid StructuredMessage
 * @returns {string | undefined}
 */
export function customMessageId(message) {
    return message.metadata?.customMessageId;
}
