// The gateway's widget API, called with the agent's own Genesys access token.

/** An API refusal with the problem's status, slug and reason code. */
export class WidgetAPIError extends Error {
    /**
     * @param {number} status
     * @param {string} slug
     * @param {string} reason
     * @param {string} message
     */
    constructor(status, slug, reason, message) {
        super(message);
        this.status = status;
        this.slug = slug;
        this.reason = reason;
    }
}

/** The widget API for one agent token and conversation. */
export class WidgetAPI {
    /**
     * @param {string} token
     * @param {string} conversationId
     */
    constructor(token, conversationId) {
        this.token = token;
        this.conversationId = conversationId;
    }

    /** @returns {Promise<{clientId: string, authorizeURL: string}>} */
    static async config() {
        const response = await fetch('/v1/widget/config', { credentials: 'omit' });
        return response.json();
    }

    /** @returns {Promise<{conversationId: string, files: any[]}>} */
    files() {
        const query = new URLSearchParams({ conversationId: this.conversationId });
        return this.call('GET', `/v1/widget/files?${query}`);
    }

    /**
     * A fresh link; pending files answer 409 with decision "pending".
     * @param {string} fileId
     */
    link(fileId) {
        return this.call('POST', `/v1/widget/files/${encodeURIComponent(fileId)}/link`, {
            conversationId: this.conversationId,
        });
    }

    /** @param {string} fileId */
    entries(fileId) {
        const query = new URLSearchParams({ conversationId: this.conversationId });
        return this.call('GET', `/v1/widget/files/${encodeURIComponent(fileId)}/entries?${query}`);
    }

    /**
     * @param {string} method
     * @param {string} path
     * @param {object} [body]
     */
    async call(method, path, body) {
        /** @type {Record<string, string>} */
        const headers = { Authorization: `Bearer ${this.token}` };
        if (body) headers['Content-Type'] = 'application/json';
        const response = await fetch(path, {
            method,
            headers,
            body: body ? JSON.stringify(body) : undefined,
            credentials: 'omit',
            cache: 'no-store',
        });
        const data = await response.json().catch(() => ({}));
        if (response.ok || (response.status === 409 && data.decision === 'pending')) return data;
        throw new WidgetAPIError(
            response.status,
            String(data.type || '').split('/').pop() || 'error',
            data.reason || '',
            data.detail || `HTTP ${response.status}`,
        );
    }
}
