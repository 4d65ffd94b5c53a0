// @ts-check
/**
 * The agent console's calls to the sandbox (`/api/v2/sandbox/agent/…`), JSON in and out.
 * Errors come back in Genesys's error shape; they are thrown as `ApiError`.
 */

const BASE = "/api/v2/sandbox/agent";

/** A failed call: the HTTP status and Genesys's `code` / `message`. */
export class ApiError extends Error {
    /**
     * @param {number} status
     * @param {string} code
     * @param {string} message
     */
    constructor(status, code, message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}

/**
 * @param {string} path
 * @param {{method?: string, body?: unknown}} [options]
 * @returns {Promise<any>}
 */
async function call(path, options = {}) {
    const init = { method: options.method ?? "GET", headers: /** @type {Record<string,string>} */ ({}) };
    if (options.body !== undefined) {
        init.headers["Content-Type"] = "application/json";
        // @ts-ignore: body is allowed on RequestInit
        init.body = JSON.stringify(options.body);
    }
    const response = await fetch(BASE + path, init);
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) {
        throw new ApiError(response.status, payload.code ?? "error", payload.message ?? response.statusText);
    }
    return payload;
}

/** @param {string} name */
export const signIn = (name) => call("/session", { method: "POST", body: { name } });

/** Signs the browser out of the implicit grant too (clears the sandbox's sign-in cookie). */
export const signOut = () => fetch(BASE + "/session", { method: "DELETE" }).catch(() => undefined);

/** @param {string} userId */
export const listConversations = (userId) => call(`/conversations?userId=${encodeURIComponent(userId)}`);

/**
 * @param {string} conversationId
 * @param {string} userId
 */
export const getConversation = (conversationId, userId) =>
    call(`/conversations/${encodeURIComponent(conversationId)}?userId=${encodeURIComponent(userId)}`);

/**
 * @param {string} conversationId
 * @param {string} userId
 */
export const accept = (conversationId, userId) =>
    call(`/conversations/${encodeURIComponent(conversationId)}/accept`, { method: "POST", body: { userId } });

/**
 * @param {string} conversationId
 * @param {string} userId
 * @param {{text?: string, sampleId?: string}} message
 */
export const sendMessage = (conversationId, userId, message) =>
    call(`/conversations/${encodeURIComponent(conversationId)}/messages`, {
        method: "POST",
        body: { userId, ...message },
    });

/**
 * @param {string} conversationId
 * @param {string} userId
 */
export const disconnect = (conversationId, userId) =>
    call(`/conversations/${encodeURIComponent(conversationId)}/disconnect`, { method: "POST", body: { userId } });

export const listSamples = () => call("/samples");
