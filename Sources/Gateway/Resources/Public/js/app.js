// The guest page: wires the session (guest-session.js), the uploads (uploads.js) and the
// renderer (render.js) to index.html. A team with its own UI uses those modules directly; this
// file is the reference for doing so.
//
// Flow: GET v1/guest/config → a GuestSession to the deployment (token kept in localStorage, so
// a reload continues the conversation) → every message is written with the custom attribute
// `attacheGuestId` (the gateway guest id of the session's token, from POST v1/guests, asked for
// when the message is written, so it always belongs to the session it goes to; the deployment's
// first-message rule binds it to the conversation) → files go through the UploadManager, and once
// uploaded the keyword message carries the file id in its metadata.

import { openStorage } from './storage.js';
import { GuestSession } from './guest-session.js';
import { UploadManager } from './uploads.js';
import { openUploadStore } from './upload-store.js';
import { uiState } from './upload-follow.js';
import { renderMessage, renderUpload, updateUpload } from './render.js';

/** Messages kept in the page; older ones are removed (the history stays at Genesys). */
const MAX_ITEMS = 500;
/** Sent files remembered for display after a reload. */
const MAX_REMEMBERED_FILES = 200;
/** A connection problem is announced to screen readers only when it lasts this long. */
const ANNOUNCE_AFTER_MS = 10_000;

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

/** The sent-files index from storage: a prototype-free map of plain records. */
function loadFiles(storage) {
    const files = Object.create(null);
    const stored = storage.get('files');
    if (stored && typeof stored === 'object') {
        for (const [id, record] of Object.entries(stored)) {
            if (record && typeof record === 'object') files[id] = { ...record };
        }
    }
    return files;
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
        this.files = loadFiles(storage);
    }

    get fileIdKey() { return this.config.fileIdMetadataKey ?? 'attacheFileId'; }

    /** Queues a message (durably, at once); text messages show as pending until echoed. */
    send(text, metadata = {}, buttonResponse = undefined) {
        const clientMessageId = this.session.send(text, { metadata, ...(buttonResponse ? { buttonResponse } : {}) });
        if (!metadata[this.fileIdKey]) this.showPending(clientMessageId, text);
        return clientMessageId;
    }

    /** A sent message shown at once and confirmed in place by the server's echo. */
    showPending(clientMessageId, text) {
        const item = renderMessage({ id: '', direction: 'Inbound', type: 'Text', text });
        if (!item) return;
        item.classList.add('pending');
        item.dataset.clientMessageId = clientMessageId;
        item.dataset.time = String(Date.now());
        this.append(item);
    }

    /**
     * Places a session message: deduplicated; live ones at the end, history fills ordered by
     * `channel.time`; the echo of a pending message confirms it in place.
     */
    showMessage(message, fromHistory) {
        if (!message || typeof message !== 'object') return;
        const id = typeof message.id === 'string' ? message.id : '';
        if (id && this.list.querySelector(`[data-message-id="${CSS.escape(id)}"]`)) return;
        const metadata = message.metadata && typeof message.metadata === 'object' ? message.metadata : {};
        const fileId = typeof metadata[this.fileIdKey] === 'string' ? metadata[this.fileIdKey] : '';
        if (fileId && message.direction === 'Inbound') {
            const upload = this.list.querySelector(`li.upload[data-file-id="${CSS.escape(fileId)}"]`);
            if (upload) {
                upload.dataset.messageId = id;
                return;
            }
        }
        const time = Date.parse(message.channel?.time ?? '');
        const clientId = typeof metadata.customMessageId === 'string' ? metadata.customMessageId : '';
        const pending = clientId && this.list.querySelector(`[data-client-message-id="${CSS.escape(clientId)}"]`);
        if (pending) {
            pending.dataset.messageId = id;
            pending.classList.remove('pending', 'failed');
            pending.querySelector('.send-problem')?.remove();
            if (!Number.isNaN(time)) pending.dataset.time = String(time);
            return;
        }
        const item = renderMessage(message, {
            keyword: this.config.keyword,
            fileIdKey: this.fileIdKey,
            onReply: (reply) => this.send(reply.text, {}, reply),
            sentFile: (sentId) => this.sentFileCard(sentId),
        });
        if (!item) return;
        item.dataset.time = String(Number.isNaN(time) ? Date.now() : time);
        if (!fromHistory) return this.append(item);
        const later = [...this.list.children].find((node) => Number(node.dataset.time) > Number(item.dataset.time));
        if (later) this.list.insertBefore(item, later);
        else this.append(item);
    }

    /** Appends, trims the oldest settled items beyond `MAX_ITEMS`, and scrolls to the end. */
    append(item) {
        this.list.append(item);
        const settled = [...this.list.children].filter((node) =>
            !node.classList.contains('pending') && !['uploading', 'paused'].includes(node.dataset.uploadState));
        for (const node of settled.slice(0, Math.max(0, this.list.children.length - MAX_ITEMS))) node.remove();
        const pane = document.getElementById('conversation');
        pane.scrollTop = pane.scrollHeight;
    }

    /** A card for a file this guest sent earlier (from the local index), its state asked of the gateway. */
    sentFileCard(fileId) {
        const known = Object.hasOwn(this.files, fileId) ? this.files[fileId] : { filename: 'File', size: 0 };
        const rendered = renderUpload({ id: `sent-${fileId}`, ...known }, {});
        const card = document.createElement('div');
        card.className = 'file sent-file';
        Object.assign(card.dataset, rendered.dataset, { fileId });
        card.append(...rendered.childNodes);
        updateUpload(card, { ...known, fileId, state: known.state ?? 'scanning' });
        if (!['clean', 'rejected', 'expired', 'deleted', 'cancelled'].includes(known.state)) this.followSentFile(fileId, 0);
        return card;
    }

    /** Asks the gateway for a sent file's state until it is final (at most about two minutes). */
    async followSentFile(fileId, attempt) {
        let status;
        try {
            status = await this.uploads.api.status(fileId);
        } catch {
            status = null;
        }
        const state = status ? uiState(status.state) : null;
        if (state) {
            this.rememberFile(fileId, { state, reason: status.reason });
            for (const card of this.list.querySelectorAll(`.sent-file[data-file-id="${CSS.escape(fileId)}"]`)) {
                updateUpload(card, { state, reason: status.reason, fileId });
            }
        }
        if (state !== 'scanning' && state !== null) return;
        if (attempt < 40) setTimeout(() => this.followSentFile(fileId, attempt + 1), 3000);
    }

    /** Remembers what the guest sent, so a reload can show it again. */
    rememberFile(fileId, fields) {
        this.files[fileId] = { ...(Object.hasOwn(this.files, fileId) ? this.files[fileId] : {}), ...fields };
        const ids = Object.keys(this.files);
        for (const old of ids.slice(0, Math.max(0, ids.length - MAX_REMEMBERED_FILES))) delete this.files[old];
        this.storage.set('files', this.files);
    }

    /** The upload's list item, created on first sight (also for uploads restored after a reload). */
    uploadItem(detail, withControls = true) {
        let item = this.list.querySelector(`li.upload[data-upload-id="${CSS.escape(detail.id)}"]`);
        if (!item) {
            item = renderUpload(detail, withControls ? {
                pause: () => this.uploads.pause(detail.id),
                resume: () => this.uploads.resume(detail.id),
                cancel: () => this.uploads.cancel(detail.id),
                erase: () => this.erase(item),
            } : {});
            item.dataset.time = String(Date.now());
            this.append(item);
        }
        return item;
    }

    /** Erases a sent file at the gateway (GDPR) after the guest confirms. */
    async erase(item) {
        const fileId = item?.dataset.fileId;
        if (!fileId || !window.confirm('Delete this file for everyone? This cannot be undone.')) return;
        try {
            await this.uploads.api.erase(fileId);
            updateUpload(item, { state: 'deleted', fileId });
            this.rememberFile(fileId, { state: 'deleted' });
        } catch (error) {
            this.showNotice(`The file could not be deleted: ${error.message}`);
        }
    }

    /** Starts uploads for chosen, dropped or pasted files; refused ones say why at once. */
    async addFiles(fileList) {
        for (const file of fileList) {
            const problem = this.uploads.check(file);
            if (problem) {
                const item = this.uploadItem({ id: `refused-${crypto.randomUUID()}`, filename: file.name, size: file.size }, false);
                updateUpload(item, { state: 'failed', reason: problem.message });
                continue;
            }
            try {
                const id = await this.uploads.add(file);
                updateUpload(this.uploadItem({ id, filename: file.name, size: file.size, mime: file.type }), { state: 'uploading' });
            } catch (error) {
                const item = this.uploadItem({ id: `failed-${crypto.randomUUID()}`, filename: file.name, size: file.size }, false);
                updateUpload(item, { state: 'failed', reason: error.message });
            }
        }
    }

    showNotice(text) {
        const notice = document.getElementById('notice');
        notice.textContent = text;
        notice.hidden = false;
    }
}

/** Connection state: always visible (quietly); announced only when a problem lasts. */
function connectionIndicator() {
    const node = document.getElementById('connection-state');
    const announcer = document.getElementById('announcer');
    let timer = null;
    let announced = false;
    return ({ phase, retryInMs }) => {
        node.dataset.phase = phase;
        node.querySelector('.label').textContent = phase === 'reconnecting' && retryInMs > 0
            ? `Reconnecting in ${Math.ceil(retryInMs / 1000)} s…`
            : PHASE_TEXT[phase] ?? 'Reconnecting…';
        if (phase === 'connected') {
            clearTimeout(timer);
            timer = null;
            if (announced) announcer.textContent = 'Connected again.';
            announced = false;
        } else if (timer === null && !announced) {
            timer = setTimeout(() => {
                timer = null;
                announced = true;
                announcer.textContent = 'The connection is lost. Messages will be sent when it is back.';
            }, ANNOUNCE_AFTER_MS);
        }
    };
}

/** Connects the session's and the upload manager's events to the page. */
function listen(page) {
    const { session, uploads, storage } = page;
    const showPhase = connectionIndicator();
    session.addEventListener('message', (event) => page.showMessage(event.detail.message, event.detail.fromHistory));
    session.addEventListener('phase', (event) => showPhase(event.detail));
    session.addEventListener('session', (event) => {
        const { newSession, reason } = event.detail;
        if (newSession && reason && reason !== 'requested') {
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
        const { clientMessageId, message, retryAfter } = event.detail;
        if (retryAfter !== undefined) {
            page.showNotice(`Messages are being sent more slowly (the server asked to wait ${retryAfter} s); nothing is lost.`);
            return;
        }
        const item = page.list.querySelector(`[data-client-message-id="${CSS.escape(clientMessageId ?? '')}"]`);
        if (!item) return page.showNotice(`A message could not be sent: ${message}`);
        item.classList.replace('pending', 'failed');
        item.querySelector('.send-problem')?.remove();
        item.append(Object.assign(document.createElement('div'), { className: 'meta send-problem', textContent: `Not sent: ${message}` }));
    });
    uploads.addEventListener('progress', (event) => updateUpload(page.uploadItem(event.detail), event.detail));
    uploads.addEventListener('uploaded', (event) => {
        const { fileId, filename, size, mime } = event.detail;
        updateUpload(page.uploadItem(event.detail), { state: 'scanning', fileId });
        // A reload right after `complete` can report the same upload again: announce it once.
        // Queued synchronously (the outbox is durable), then remembered.
        const announced = Object.hasOwn(page.files, fileId) && page.files[fileId].announced === true;
        if (!announced) page.send(page.config.keyword ?? 'S3_FILE_UPLOADED', { [page.fileIdKey]: fileId });
        page.rememberFile(fileId, { filename, size, mime, state: 'scanning', announced: true });
    });
    uploads.addEventListener('state', (event) => {
        const { fileId, state, reason } = event.detail;
        updateUpload(page.uploadItem(event.detail), event.detail);
        if (fileId) page.rememberFile(fileId, { state, reason });
    });
    uploads.addEventListener('error', (event) => {
        updateUpload(page.uploadItem(event.detail), { state: 'failed', reason: event.detail.message });
    });
    const storageOff = () => { document.getElementById('storage-notice').hidden = false; };
    uploads.addEventListener('storage', storageOff);
    storage.addEventListener?.('fallback', storageOff);
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
        // Text pasted together with files (e.g. from an office app) still goes into the box.
        if (!event.clipboardData.types.includes('text/plain')) event.preventDefault();
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
    const attribute = config.guestIdAttribute ?? 'attacheGuestId';
    let uploads = null;
    const session = new GuestSession({
        webSocketURL: config.webSocketURL, apiBaseURL: config.apiBaseURL, deploymentId: config.deploymentId, storage,
        sendAttributes: async () => {
            const guestId = await uploads?.api.guestId();
            return guestId ? { [attribute]: guestId } : {};
        },
    });
    uploads = new UploadManager({
        gatewayURL: '', deploymentId: config.deploymentId, store: uploadStore, getSessionToken: async () => session.token,
    });
    uploads.policy = config.policy && typeof config.policy === 'object' ? config.policy : null;
    const page = new GuestPage(config, session, uploads, storage);
    // For tests and debugging in the console; the same data is in this origin's storage anyway.
    window.attache = { session, uploads };
    listen(page);
    wireComposer(page);
    for (const item of session.pendingMessages) {
        if (!item.metadata?.[page.fileIdKey]) page.showPending(item.id, item.text);
    }
    session.start();
    await uploads.restore();
}

main();
