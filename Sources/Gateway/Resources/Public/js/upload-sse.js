/**
 * @file upload-sse.js — a Server-Sent Events parser for `fetch` response bodies.
 *
 * `EventSource` cannot send `Authorization`, so the upload library reads
 * `GET /v1/uploads/{id}/events` with `fetch` and feeds the decoded text here. The parser follows
 * the WHATWG event-stream rules that matter: lines end with CRLF, LF or CR (a CR at the end of
 * a chunk waits for the next one), a leading BOM is dropped, `:` lines are comments, a field's
 * value loses one leading space, several `data` lines join with `\n`, an empty line dispatches,
 * `id` and `retry` are remembered, an event without data is not dispatched. Data is text, never
 * markup: callers JSON.parse it and treat every string as data.
 *
 * ```js
 * const parser = new SSEParser((event) => console.log(event.type, event.data));
 * parser.push('event: state\ndata: {"state":"scanning"}\n\n');
 * ```
 */

/**
 * @typedef {object} SSEEvent
 * @property {string} type the `event` field, `message` by default
 * @property {string} data the joined `data` lines
 * @property {string} lastEventId the last `id` seen
 */

/** Incremental event-stream parser. */
export class SSEParser {
    /**
     * @param {(event: SSEEvent) => void} onEvent called for every dispatched event
     * @param {{maxLineLength?: number}} [options] a longer line is dropped (hostile server)
     */
    constructor(onEvent, { maxLineLength = 1 << 20 } = {}) {
        this.onEvent = onEvent;
        this.maxLineLength = maxLineLength;
        this.buffer = '';
        this.started = false;
        this.discarding = false;
        this.type = '';
        this.data = [];
        this.lastEventId = '';
        /** @type {number | null} the server's `retry` in milliseconds */
        this.retryMs = null;
    }

    /**
     * Feeds decoded text (any chunking).
     * @param {string} text
     */
    push(text) {
        if (!this.started) {
            if (text.length === 0) return;
            this.started = true;
            if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        this.buffer += text;
        let start = 0;
        for (;;) {
            const match = /\r\n|\r|\n/g;
            match.lastIndex = start;
            const found = match.exec(this.buffer);
            if (!found) break;
            // A CR as the buffer's last character may be the first half of a CRLF split across chunks.
            if (found[0] === '\r' && found.index === this.buffer.length - 1) break;
            const line = this.buffer.slice(start, found.index);
            start = found.index + found[0].length;
            if (this.discarding) {
                this.discarding = false;
                continue;
            }
            this.line(line);
        }
        this.buffer = this.buffer.slice(start);
        if (this.buffer.length > this.maxLineLength) {
            this.buffer = '';
            this.discarding = true;
        }
    }

    /** The stream ended: an unterminated event is dropped, as the specification says. */
    end() {
        if (this.buffer.endsWith('\r')) {
            this.buffer += '\n';
            this.push('');
        }
        this.buffer = '';
        this.type = '';
        this.data = [];
    }

    /** @param {string} line */
    line(line) {
        if (line === '') return this.dispatch();
        if (line.startsWith(':')) return;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        switch (field) {
            case 'event': this.type = value; break;
            case 'data': this.data.push(value); break;
            case 'id': if (!value.includes('\0')) this.lastEventId = value; break;
            case 'retry': if (/^\d+$/.test(value)) this.retryMs = Number(value); break;
            default: break;
        }
    }

    dispatch() {
        const type = this.type || 'message';
        const data = this.data.join('\n');
        const hasData = this.data.length > 0;
        this.type = '';
        this.data = [];
        if (hasData) this.onEvent({ type, data, lastEventId: this.lastEventId });
    }
}

/**
 * Reads a `fetch` response body as an event stream until it ends or `signal` aborts.
 * @param {ReadableStream<Uint8Array>} body
 * @param {SSEParser} parser
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>} resolves when the server ended the stream
 */
export async function readEventStream(body, parser, signal) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const cancel = () => { reader.cancel().catch(() => {}); };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
        for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            parser.push(decoder.decode(value, { stream: true }));
        }
        parser.push(decoder.decode());
        parser.end();
    } finally {
        signal?.removeEventListener('abort', cancel);
        try { reader.releaseLock(); } catch { /* already released */ }
    }
}
