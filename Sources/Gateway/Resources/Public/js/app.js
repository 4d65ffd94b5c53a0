// The guest page: wires the session (guest-session.js), the uploads (uploads.js) and the
// renderer (render.js) to index.html. A team with its own UI uses those modules directly; this
// file is the reference for doing so.
//
// Flow: GET v1/guest/config → a GuestSession to the deployment (token kept in localStorage, so
// a reload continues the conversation) → POST v1/guests for the gateway guest id, sent as the
// custom attribute `attacheGuestId` with each message (the deployment's first-message rule binds
// it to the conversation) → files go through the UploadManager, and once uploaded the keyword
// message carries the file id in its metadata.

import { openStorage } from './storage.js';
import { GuestSession } from './guest-session.js';
import { UploadManager } from './uploads.js';
import { openUploadStore } from './upload-store.js';
import { renderMessage, renderUpload, updateUpload } from './render.js';

/** How long a send waits for the gateway guest id before going without it. */
const GUEST_ID_WAIT_MS = 5000;

const PHASE_TEXT = {
    connecting: 'Connecting…',
    connected: 'Connected',
    offline: 'Offline. Messages will be sent when you are back online.',
    closed: 'Disconnected',
};

/** Loads the deployment settings the gateway publishes for its guest page. */
async function loadConfig() {
    const response = await fetch('v1/guest/config', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`The gateway has no guest configuration (HTTP ${response.status}).`);
    return response.json();
}

/** The page: owns the DOM nodes and reacts to session and upload events. */
class GuestPage {
    constructor(config, session, uploads, storage) {
        this.config = config;
        this.session = session;
        this.uploads = uploads;
        this.storage = storage;
        this.list = document.getElementById('message-list');
        this.input = document.getElementById('composer-input');
        this.files = storage.get('files') ?? {};
        this.guest = null;
    }

    /**
     * The gateway guest id for the current session token (the upload manager's registration,
     * shared), waited for at most `GUEST_ID_WAIT_MS`: the first message must carry it, but a
     * gateway that does not answer must not hold the guest's words back.
     */
    async guestId() {
        const timeout = new Promise((_, reject) =>
            setTimeout(() => reject(new Error('the gateway did not answer in time')), GUEST_ID_WAIT_MS));
        return Promise.race([this.uploads.api.guestId(), timeout]);
    }

    /** Sends a text (or the keyword with a file id) with the guest id attribute when known. */
    async send(text, metadata = {}) {
        const attributes = {};
        try {
            const guestId = await this.guestId();
            if (guestId) attributes[this.config.guestIdAttribute ?? 'attacheGuestId'] = guestId;
        } catch (error) {
            console.warn('attache: no gateway guest id; sending without it:', error.message);
        }
        const clientMessageId = this.session.send(text, { metadata, customAttributes: attributes });
        if (!metadata[this.fileIdKey]) this.showPending(clientMessageId, text);
        return clientMessageId;
    }

    get fileIdKey() { return this.config.fileIdMetadataKey ?? 'attacheFileId'; }

    /** A sent message shown at once, replaced by the server's echo. */
    showPending(clientMessageId, text) {
        const item = renderMessage({ id: '', direction: 'Inbound', type: 'Text', text });
        if (!item) return;
        item.classList.add('pending');
        item.dataset.clientMessageId = clientMessageId;
        this.list.append(item);
        this.scrollToEnd();
    }

    /** Places a session message: deduplicated, ordered by time, echoes replacing pending items. */
    showMessage(message) {
        if (!message || typeof message !== 'object') return;
        const id = typeof message.id === 'string' ? message.id : '';
        if (id && this.list.querySelector(`[data-message-id="${CSS.escape(id)}"]`)) return;
        const fileId = typeof message.metadata?.[this.fileIdKey] === 'string' ? message.metadata[this.fileIdKey] : '';
        if (fileId) {
            const upload = this.list.querySelector(`li.upload[data-file-id="${CSS.escape(fileId)}"]`);
            if (upload) {
                upload.dataset.messageId = id;
                return;
            }
        }
        const item = renderMessage(message, {
            keyword: this.config.keyword,
            fileIdKey: this.fileIdKey,
            onReply: (text) => this.send(text),
            sentFile: (sentId) => this.sentFileCard(sentId),
        });
        if (!item) return;
        const time = Date.parse(message.channel?.time ?? '');
        item.dataset.time = String(Number.isNaN(time) ? Date.now() : time);
        const clientId = message.metadata?.customMessageId;
        const pending = clientId && this.list.querySelector(`[data-client-message-id="${CSS.escape(clientId)}"]`);
        if (pending) {
            pending.replaceWith(item);
            return;
        }
        const later = [...this.list.children].find((node) => Number(node.dataset.time) > Number(item.dataset.time));
        this.list.insertBefore(item, later ?? null);
        if (!later) this.scrollToEnd();
    }

    /** A card for a file this guest sent earlier (from the local index, kept across reloads). */
    sentFileCard(fileId) {
        const known = this.files[fileId] ?? { filename: 'File', size: 0, state: 'scanning' };
        const item = renderUpload({ id: `sent-${fileId}`, ...known }, {});
        updateUpload(item, { ...known, fileId, state: known.state ?? 'scanning' });
        const box = document.createElement('div');
        box.className = 'file sent';
        box.dataset.fileId = fileId;
        box.dataset.uploadState = item.dataset.uploadState;
        box.append(...item.childNodes);
        box.querySelector('.controls')?.remove();
        return box;
    }

    /** Remembers what the guest sent, so a reload can show it again. */
    rememberFile(fileId, fields) {
        this.files[fileId] = { ...this.files[fileId], ...fields };
        this.storage.set('files', this.files);
    }

    /** The upload's list item, created on first sight (also for uploads restored after a reload). */
    uploadItem(detail) {
        let item = this.list.querySelector(`li.upload[data-upload-id="${CSS.escape(detail.id)}"]`);
        if (!item) {
            item = renderUpload(detail, {
                pause: () => this.uploads.pause(detail.id),
                resume: () => this.uploads.resume(detail.id),
                cancel: () => this.uploads.cancel(detail.id),
            });
            item.dataset.time = String(Date.now());
            this.list.append(item);
            this.scrollToEnd();
        }
        return item;
    }

    /** Starts uploads for chosen, dropped or pasted files; refused ones say why at once. */
    async addFiles(fileList) {
        for (const file of fileList) {
            const problem = this.uploads.check(file);
            if (problem) {
                const item = this.uploadItem({ id: `refused-${crypto.randomUUID()}`, filename: file.name, size: file.size });
                updateUpload(item, { state: 'failed', reason: problem.message });
                continue;
            }
            try {
                const id = await this.uploads.add(file);
                updateUpload(this.uploadItem({ id, filename: file.name, size: file.size, mime: file.type }), { state: 'uploading' });
            } catch (error) {
                const item = this.uploadItem({ id: `failed-${crypto.randomUUID()}`, filename: file.name, size: file.size });
                updateUpload(item, { state: 'failed', reason: error.message });
            }
        }
    }

    scrollToEnd() {
        const pane = document.getElementById('conversation');
        pane.scrollTop = pane.scrollHeight;
    }

    showNotice(text) {
        const notice = document.getElementById('notice');
        notice.textContent = text;
        notice.hidden = false;
    }

    showPhase({ phase, retryInMs }) {
        const node = document.getElementById('connection-state');
        node.dataset.phase = phase;
        const label = phase === 'reconnecting' && retryInMs > 0
            ? `Reconnecting in ${Math.ceil(retryInMs / 1000)} s…`
            : PHASE_TEXT[phase] ?? 'Reconnecting…';
        node.querySelector('.label').textContent = label;
    }
}

/** Connects the session's and the upload manager's events to the page. */
function listen(page) {
    const { session, uploads } = page;
    session.addEventListener('message', (event) => page.showMessage(event.detail.message));
    session.addEventListener('phase', (event) => page.showPhase(event.detail));
    session.addEventListener('session', (event) => {
        const { newSession, reason } = event.detail;
        if (newSession && reason) {
            page.showNotice(reason === 'readOnly'
                ? 'The previous conversation was closed, so a new conversation was started.'
                : 'Your previous session expired, so a new conversation was started.');
        }
    });
    let typingTimer;
    session.addEventListener('typing', (event) => {
        const typing = document.getElementById('typing');
        typing.hidden = !event.detail.on;
        clearTimeout(typingTimer);
        if (event.detail.on) typingTimer = setTimeout(() => { typing.hidden = true; }, event.detail.durationMs || 5000);
    });
    session.addEventListener('sendError', (event) => {
        const { clientMessageId, message } = event.detail;
        const item = page.list.querySelector(`[data-client-message-id="${CSS.escape(clientMessageId ?? '')}"]`);
        if (!item) return page.showNotice(`A message could not be sent: ${message}`);
        item.classList.add('failed');
        item.append(Object.assign(document.createElement('div'), { className: 'meta upload-reason', textContent: message }));
    });
    uploads.addEventListener('progress', (event) => updateUpload(page.uploadItem(event.detail), event.detail));
    uploads.addEventListener('uploaded', (event) => {
        const { fileId, filename, size, mime } = event.detail;
        updateUpload(page.uploadItem(event.detail), { state: 'scanning', fileId });
        // A reload right after `complete` can report the same upload again: announce it once.
        const announced = page.files[fileId]?.announced === true;
        page.rememberFile(fileId, { filename, size, mime, state: 'scanning', announced: true });
        if (!announced) page.send(page.config.keyword ?? 'S3_FILE_UPLOADED', { [page.fileIdKey]: fileId });
    });
    uploads.addEventListener('state', (event) => {
        const { fileId, state, reason } = event.detail;
        updateUpload(page.uploadItem(event.detail), event.detail);
        if (fileId) page.rememberFile(fileId, { state, reason });
        for (const card of page.list.querySelectorAll(`.file.sent[data-file-id="${CSS.escape(fileId ?? '')}"]`)) {
            card.dataset.uploadState = state;
            const status = card.querySelector('.upload-status');
            if (status) status.textContent = state === 'clean' ? 'Sent' : state;
        }
    });
    session.addEventListener('delivered', (event) => {
        const item = page.list.querySelector(`[data-client-message-id="${CSS.escape(event.detail.clientMessageId ?? '')}"]`);
        item?.classList.remove('pending');
    });
    uploads.addEventListener('storage', () => { document.getElementById('storage-notice').hidden = false; });
    uploads.addEventListener('error', (event) => {
        updateUpload(page.uploadItem(event.detail), { state: 'failed', reason: event.detail.message });
    });
}

/** Composer: Enter sends, Shift+Enter breaks the line; typing is announced; files by picker, drop or paste. */
function wireComposer(page) {
    const form = document.getElementById('composer');
    const input = page.input;
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        input.value = '';
        input.style.height = '';
        page.send(text);
    });
    input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            form.requestSubmit();
        }
    });
    input.addEventListener('input', () => {
        input.style.height = 'auto';
        input.style.height = `${input.scrollHeight}px`;
        page.session.sendTyping();
    });
    const picker = document.getElementById('file-input');
    picker.addEventListener('change', () => {
        page.addFiles([...picker.files]);
        picker.value = '';
    });
    const zone = document.getElementById('drop-zone');
    let depth = 0;
    const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    document.addEventListener('dragenter', (event) => {
        if (!hasFiles(event)) return;
        depth += 1;
        zone.hidden = false;
    });
    document.addEventListener('dragleave', () => {
        depth = Math.max(0, depth - 1);
        if (depth === 0) zone.hidden = true;
    });
    document.addEventListener('dragover', (event) => { if (hasFiles(event)) event.preventDefault(); });
    document.addEventListener('drop', (event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth = 0;
        zone.hidden = true;
        page.addFiles([...event.dataTransfer.files]);
    });
    document.addEventListener('paste', (event) => {
        const files = [...(event.clipboardData?.files ?? [])];
        if (files.length === 0) return;
        event.preventDefault();
        page.addFiles(files);
    });
}

async function main() {
    let config;
    try {
        config = await loadConfig();
    } catch (error) {
        document.getElementById('connection-state').dataset.phase = 'closed';
        document.querySelector('#connection-state .label').textContent = error.message;
        return;
    }
    const storage = openStorage({ prefix: 'attache.' });
    const uploadStore = await openUploadStore();
    document.getElementById('storage-notice').hidden = storage.persistent && uploadStore.persistent;
    const session = new GuestSession({
        webSocketURL: config.webSocketURL, apiBaseURL: config.apiBaseURL, deploymentId: config.deploymentId, storage,
    });
    const uploads = new UploadManager({
        gatewayURL: '', deploymentId: config.deploymentId, store: uploadStore, getSessionToken: async () => session.token,
    });
    const page = new GuestPage(config, session, uploads, storage);
    window.attache = { session, uploads };
    listen(page);
    wireComposer(page);
    for (const item of session.pendingMessages) {
        if (!item.metadata?.[page.fileIdKey]) page.showPending(item.id, item.text);
    }
    session.start();
    page.guestId().catch(() => {});
    try {
        await uploads.loadPolicy();
    } catch (error) {
        console.warn('attache: upload policy unavailable; the gateway will check files', error.message);
    }
    await uploads.restore();
}

main();
