// A fake Genesys Web Messaging guest server for GuestSession tests: a WebSocket class whose
// sockets talk to it (frames delivered asynchronously, like a network), the history REST API as a
// `fetch`, and controls a test uses to break things (drop a socket before or after storing a
// message, expire a session, make a conversation read-only, refuse or rate-limit a message,
// send raw frames). Semantics follow Sources/Sandbox (the repository's own Genesys stand-in).

let counter = 0;
const nextId = (prefix) => {
    counter += 1;
    return `${prefix}-${counter}`;
};

/** A WebSocket stand-in; the server side drives it through `serverOpen`, `deliver`, `serverClose`. */
export class FakeSocket extends EventTarget {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;

    constructor(url, server) {
        super();
        this.url = url;
        this.server = server;
        this.readyState = 0;
        this.sent = [];
    }

    send(data) {
        if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
        const request = JSON.parse(data);
        this.sent.push(request);
        this.server.received(this, request);
    }

    close() {
        if (this.readyState === 3) return;
        this.readyState = 3;
        setImmediate(() => this.dispatchEvent(new Event('close')));
    }

    serverOpen() {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.dispatchEvent(new Event('open'));
    }

    /** Delivers a frame (an object is JSON-encoded; a string goes as is) after the current task. */
    deliver(frame) {
        const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
        setImmediate(() => {
            if (this.readyState !== 1) return;
            this.dispatchEvent(Object.assign(new Event('message'), { data }));
        });
    }

    serverClose() {
        if (this.readyState === 3) return;
        this.readyState = 3;
        this.dispatchEvent(new Event('close'));
    }
}

export class FakeGenesys {
    constructor({ deploymentId = 'deployment-1', autoOpen = true } = {}) {
        this.deploymentId = deploymentId;
        this.autoOpen = autoOpen;
        this.sockets = [];
        /** token → {conversationId, status: 'active'|'expired'|'closed'} */
        this.sessions = new Map();
        /** conversationId → {messages: [], readOnly} */
        this.conversations = new Map();
        /** jwt → token */
        this.jwts = new Map();
        /** Actions for the next onMessage text requests, in order: 'drop' | 'store-then-drop' |
         * {error: code, text} | {rateLimit: seconds} | 'silent' (store, no echo, keep open). */
        this.messageActions = [];
        this.refuseConnections = 0;
        this.historyRequests = [];
        this.historyStatus = 200;
        const server = this;
        this.WebSocket = class extends FakeSocket {
            constructor(url) {
                super(url, server);
                server.accept(this);
            }
        };
        this.fetch = (url, init) => this.history(url, init);
    }

    accept(socket) {
        this.sockets.push(socket);
        if (this.refuseConnections > 0) {
            this.refuseConnections -= 1;
            setImmediate(() => socket.serverClose());
            return;
        }
        if (this.autoOpen) setImmediate(() => socket.serverOpen());
    }

    get openSockets() {
        return this.sockets.filter((socket) => socket.readyState === 1);
    }

    get lastSocket() {
        return this.sockets[this.sockets.length - 1];
    }

    /** Every request any socket sent, in order. */
    get requests() {
        return this.sockets.flatMap((socket) => socket.sent);
    }

    conversationOf(token) {
        const session = this.sessions.get(token);
        return session ? this.conversations.get(session.conversationId) : undefined;
    }

    /** The stored guest texts of `token`'s current conversation, oldest first. */
    guestTexts(token) {
        return (this.conversationOf(token)?.messages ?? []).filter((m) => m.direction === 'Inbound').map((m) => m.text);
    }

    startConversation(token) {
        const conversationId = nextId('conversation');
        this.conversations.set(conversationId, { messages: [], readOnly: false });
        this.sessions.set(token, { conversationId, status: 'active' });
    }

    received(socket, request) {
        socket.token = request.token ?? socket.token;
        const reply = (type, cls, body, code = 200) => socket.deliver({ type, class: cls, code, body, tracingId: request.tracingId });
        const error = (code, text) => reply('response', 'string', text, code);
        const session = this.sessions.get(request.token);
        switch (request.action) {
            case 'configureSession': {
                let newSession = false;
                const conversation = session && this.conversations.get(session.conversationId);
                if (!session || session.status === 'expired' || (request.startNew && (conversation.readOnly || session.status === 'closed'))) {
                    this.startConversation(request.token);
                    newSession = true;
                } else {
                    session.status = 'active';
                }
                const readOnly = this.conversationOf(request.token).readOnly;
                return reply('response', 'SessionResponse', { connected: true, newSession, readOnly });
            }
            case 'echo':
                return reply('response', 'StructuredMessage', { id: nextId('ping'), type: 'Text', text: 'ping', direction: 'Inbound' });
            case 'getJwt': {
                const jwt = nextId('jwt');
                this.jwts.set(jwt, request.token);
                return reply('response', 'JwtResponse', { jwt, exp: 0 });
            }
            case 'closeSession':
                if (session) session.status = 'closed';
                return reply('response', 'SessionResponse', { connected: false, readOnly: true });
            case 'onMessage':
                break;
            default:
                return error(400, 'unknown action');
        }
        if (!session) return error(4007, 'Session not found');
        if (session.status === 'expired') return error(4006, 'Session has expired');
        if (session.status === 'closed') return error(4007, 'Session was closed');
        const conversation = this.conversations.get(session.conversationId);
        const message = request.message;
        if (message.type === 'Event') {
            return this.broadcast(request.token, { id: nextId('typing'), type: 'Event', direction: 'Inbound', events: message.events }, request.tracingId);
        }
        if (conversation.readOnly) return error(403, 'Conversation is read-only');
        const action = this.messageActions.shift();
        if (action === 'drop') return socket.serverClose();
        if (action?.error) return error(action.error, action.text ?? 'refused');
        if (action?.rateLimit !== undefined) {
            return reply('response', 'TooManyRequestsErrorMessage', { retryAfter: action.rateLimit, errorCode: 4029, errorMessage: 'slow down' }, 429);
        }
        const id = nextId('message');
        const stored = { id, type: 'Text', text: message.text, direction: 'Inbound', metadata: message.metadata, channel: { time: new Date().toISOString(), messageId: id } };
        conversation.messages.push(stored);
        if (action === 'store-then-drop') return socket.serverClose();
        if (action === 'silent') return undefined;
        return this.broadcast(request.token, stored, request.tracingId);
    }

    broadcast(token, body, tracingId) {
        for (const socket of this.openSockets.filter((candidate) => candidate.token === token)) {
            socket.deliver({ type: 'message', class: 'StructuredMessage', code: 200, body, tracingId });
        }
    }

    /** An agent message, stored and pushed to the guest's sockets. */
    agentSays(token, text) {
        const id = nextId('agent');
        const message = { id, type: 'Text', text, direction: 'Outbound', channel: { time: new Date().toISOString(), messageId: id } };
        this.conversationOf(token).messages.push(message);
        this.broadcast(token, message);
        return message;
    }

    /** Stored without telling the sockets (it happened while the guest was away). */
    agentSaysOffline(token, text) {
        const id = nextId('agent');
        const message = { id, type: 'Text', text, direction: 'Outbound', channel: { time: new Date().toISOString(), messageId: id } };
        this.conversationOf(token).messages.push(message);
        return message;
    }

    expire(token, { notify = true } = {}) {
        this.sessions.get(token).status = 'expired';
        if (notify) this.broadcastFrame(token, { type: 'message', class: 'SessionExpiredEvent', code: 200, body: {} });
    }

    makeReadOnly(token) {
        this.conversationOf(token).readOnly = true;
        const id = nextId('presence');
        const message = {
            id, type: 'Event', direction: 'Outbound', metadata: { readOnly: 'true' },
            events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
        };
        this.conversationOf(token).messages.push(message);
        this.broadcast(token, message);
    }

    broadcastFrame(token, frame) {
        for (const socket of this.openSockets.filter((candidate) => candidate.token === token)) socket.deliver(frame);
    }

    dropAll() {
        for (const socket of this.openSockets) socket.serverClose();
    }

    async history(url, init = {}) {
        const parsed = new URL(url, 'http://fake.invalid');
        const authorization = init.headers?.Authorization ?? '';
        this.historyRequests.push({ url: parsed.pathname + parsed.search, authorization });
        if (this.historyStatus !== 200) return new Response('{"message":"nope"}', { status: this.historyStatus });
        const token = this.jwts.get(authorization.replace(/^Bearer /, ''));
        if (!token) return new Response('{"message":"Unauthorized"}', { status: 401 });
        const pageNumber = Number(parsed.searchParams.get('pageNumber'));
        const pageSize = Number(parsed.searchParams.get('pageSize'));
        const all = [...(this.conversationOf(token)?.messages ?? [])].reverse();
        const entities = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
        const pageCount = Math.max(1, Math.ceil(all.length / pageSize));
        return new Response(JSON.stringify({ entities, pageSize, pageNumber, total: all.length, pageCount }), { status: 200 });
    }
}
