// Turns Genesys StructuredMessages and upload states into DOM nodes for the guest page.
//
// Everything that comes from the server or the user (text, file names, URLs, card titles) goes
// through textContent or a checked attribute, never through HTML parsing: a message that says
// `<img src=x onerror=…>` is shown as those characters. Server URLs are accepted only when absolute
// with the http or https scheme; file names lose control and bidirectional-override characters
// (so `invoice\u202Efdp.exe` cannot pose as a PDF); hostile sizes are capped.

import { el, formatSize } from './dom.js';
import { resolveFileType } from './file-types.js';
import { safeFilename } from './upload-policy.js';

/** At most this many characters of one message's text are shown. */
export const MAX_TEXT_CHARACTERS = 8000;
/** At most this many cards (a carousel) and buttons per message are shown. */
export const MAX_CARDS = 10;
export const MAX_BUTTONS = 13;

/** Categories with their own control; everything else is a generic file card. */
const CARD_BADGES = {
    pdf: 'PDF', archive: 'ZIP', document: 'DOC', spreadsheet: 'SHEET', presentation: 'SLIDES',
    text: 'TEXT', image: 'IMAGE', audio: 'AUDIO', video: 'VIDEO', executable: 'FILE',
};

/**
 * The URL if it is safe to put into `src`/`href`: absolute, http or https; else null (relative
 * URLs would point at this origin; `javascript:`, `data:` and `blob:` are refused).
 * @param {unknown} value
 * @returns {string|null}
 */
export function safeURL(value) {
    if (typeof value !== 'string' || value.length > 8192) return null;
    try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
        return null;
    }
}

/** A file name fit for display: safeFilename's cleaning (no control or bidi characters). */
function displayName(value) {
    return safeFilename(typeof value === 'string' ? value : '');
}

/** A string or the fallback (server fields may be anything). */
function text(value, fallback = '') {
    return typeof value === 'string' ? value : fallback;
}

/**
 * The kind of control a file gets: the resolver's category, or `file` when it has none.
 * @param {{filename?: string, mime?: string}} file
 * @returns {string}
 */
export function fileKind(file) {
    const resolved = resolveFileType({ filename: text(file.filename), mime: text(file.mime) });
    return resolved?.category && resolved.category !== 'other' ? resolved.category : 'file';
}

/**
 * A received attachment (`content[].attachment`): image thumbnail, audio player, video player,
 * or a card (PDF, archive, any other file) with a download link.
 * @param {Record<string, unknown>} attachment
 * @returns {HTMLElement}
 */
export function renderAttachment(attachment) {
    const filename = displayName(attachment.filename);
    const mime = text(attachment.mime) || text(attachment.mediaType);
    const kind = fileKind({ filename, mime });
    const url = safeURL(attachment.url);
    const size = typeof attachment.fileSize === 'number' ? formatSize(attachment.fileSize) : '';
    const box = el('div', { class: 'file', 'data-file-kind': kind });
    if (url && kind === 'image') {
        box.append(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, [
            el('img', { src: url, alt: filename, loading: 'lazy' }),
        ]));
    } else if (url && kind === 'audio') {
        box.append(el('audio', { controls: '', preload: 'metadata', src: url, 'aria-label': `Voice note ${filename}` }));
    } else if (url && kind === 'video') {
        box.append(el('video', { controls: '', preload: 'metadata', src: url, 'aria-label': filename }));
    }
    box.append(fileCard({ filename, kind, size, url }));
    return box;
}

/** The name line with badge, size and a download/open link. */
function fileCard({ filename, kind, size, url }) {
    const details = el('div', {}, [el('div', { class: 'file-name' }, [filename])]);
    if (size) details.append(el('div', { class: 'file-size' }, [size]));
    if (url) {
        details.append(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', download: filename }, [
            kind === 'pdf' ? 'Open PDF' : 'Download',
        ]));
    }
    return el('div', { class: 'file-card' }, [
        el('span', { class: 'file-badge', 'aria-hidden': 'true' }, [CARD_BADGES[kind] ?? 'FILE']),
        details,
    ]);
}

/**
 * A message list item for a StructuredMessage, or null when nothing is to be shown (heartbeat
 * replies, typing events, unknown event-only messages).
 * @param {Record<string, any>} message
 * @param {{onReply?: (text: string) => void, sentFile?: (fileId: string) => HTMLElement|null,
 *          keyword?: string, fileIdKey?: string}} [options]
 * @returns {HTMLLIElement|null}
 */
export function renderMessage(message, options = {}) {
    const direction = message.direction === 'Inbound' ? 'inbound' : 'outbound';
    const system = systemText(message);
    if (system) {
        return el('li', { class: 'message system', 'data-direction': direction, 'data-message-id': text(message.id) }, [
            el('p', { class: 'message-text' }, [system]),
        ]);
    }
    const content = Array.isArray(message.content) ? message.content : [];
    const body = text(message.text);
    const metadata = message.metadata && typeof message.metadata === 'object' ? message.metadata : {};
    const fileId = Object.hasOwn(metadata, options.fileIdKey ?? 'attacheFileId')
        ? text(metadata[options.fileIdKey ?? 'attacheFileId']) : '';
    if (!body && content.length === 0) return null;
    const item = el('li', { class: 'message', 'data-direction': direction, 'data-message-id': text(message.id) });
    const from = message.channel?.from;
    if (direction === 'outbound' && from && typeof from === 'object') {
        const name = text(from.nickname) || [text(from.firstName), text(from.lastName)].join(' ').trim();
        if (name) item.append(el('p', { class: 'sender' }, [name]));
    }
    if (fileId && direction === 'inbound' && body === (options.keyword ?? 'S3_FILE_UPLOADED')) {
        item.append(options.sentFile?.(fileId) ?? el('p', { class: 'message-text' }, ['File sent']));
    } else if (body) {
        const shown = body.length > MAX_TEXT_CHARACTERS ? `${body.slice(0, MAX_TEXT_CHARACTERS)}…` : body;
        item.append(el('p', { class: 'message-text' }, [shown]));
    }
    const replies = el('div', { class: 'quick-replies', role: 'group', 'aria-label': 'Suggested replies' });
    let cards = 0;
    for (const part of content.slice(0, MAX_CARDS + MAX_BUTTONS)) {
        if (!part || typeof part !== 'object') continue;
        if (part.contentType === 'Attachment' && part.attachment && typeof part.attachment === 'object') {
            item.append(renderAttachment(part.attachment));
        } else if (part.contentType === 'QuickReply' && part.quickReply) {
            const label = text(part.quickReply.text);
            if (label && replies.childElementCount < MAX_BUTTONS) {
                const reply = { text: label, payload: text(part.quickReply.payload, label), type: 'QuickReply' };
                replies.append(replyButton(reply, options.onReply, 'quick-reply', replies));
            }
        } else if (part.contentType === 'Card' && part.card && cards < MAX_CARDS) {
            cards += 1;
            item.append(renderCard(part.card, options.onReply));
        } else if (part.contentType === 'Carousel' && Array.isArray(part.carousel?.cards)) {
            for (const card of part.carousel.cards.slice(0, Math.max(0, MAX_CARDS - cards))) {
                cards += 1;
                item.append(renderCard(card, options.onReply));
            }
        }
    }
    if (replies.childElementCount > 0 && direction === 'outbound') item.append(replies);
    const time = Date.parse(text(message.channel?.time));
    if (!Number.isNaN(time)) {
        item.append(el('div', { class: 'meta' }, [
            new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
        ]));
    }
    return item;
}

/**
 * A quick-reply or postback button answering with a `ButtonResponse`; one answer per group: the
 * group's buttons are disabled after the first click.
 */
function replyButton(reply, onReply, className, group) {
    const button = el('button', { type: 'button', class: className }, [reply.text]);
    button.addEventListener('click', () => {
        for (const other of (group ?? button.parentElement)?.querySelectorAll('button') ?? [button]) other.disabled = true;
        button.setAttribute('aria-pressed', 'true');
        onReply?.(reply);
    });
    return button;
}

/** A card: image, title, description and its actions (links open, postbacks reply). */
function renderCard(card, onReply) {
    if (!card || typeof card !== 'object') return el('span');
    const box = el('div', { class: 'card' });
    const image = safeURL(card.image);
    if (image) box.append(el('img', { src: image, alt: '' }));
    if (text(card.title)) box.append(el('h3', {}, [text(card.title)]));
    if (text(card.description)) box.append(el('p', {}, [text(card.description)]));
    const actions = el('div', { class: 'quick-replies' });
    for (const action of (Array.isArray(card.actions) ? card.actions : []).slice(0, MAX_BUTTONS)) {
        const label = text(action?.text);
        if (!label) continue;
        const url = safeURL(action.url);
        if (action.type === 'Link' && url) {
            actions.append(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'card-action' }, [label]));
        } else if (action.type !== 'Link') {
            const reply = { text: label, payload: text(action.payload, label), type: 'Button' };
            actions.append(replyButton(reply, onReply, 'card-action', actions));
        }
    }
    if (actions.childElementCount > 0) box.append(actions);
    return box;
}

/** The line shown for presence events the guest should know about, else null. */
function systemText(message) {
    if (message.type !== 'Event' || message.direction === 'Inbound') return null;
    for (const event of Array.isArray(message.events) ? message.events : []) {
        if (event?.eventType !== 'Presence') continue;
        if (event.presence?.type === 'Disconnect') return 'The conversation has ended. Write again to start a new one.';
        if (event.presence?.type === 'Join') return 'An agent joined the conversation.';
    }
    return null;
}

/**
 * A guest upload's list item (`li.upload`), updated in place by {@link updateUpload}.
 * @param {{id: string, filename: string, size: number}} upload
 * @param {{pause: () => void, resume: () => void, cancel: () => void}} actions
 * @returns {HTMLLIElement}
 */
export function renderUpload(upload, actions) {
    const filename = displayName(upload.filename);
    const kind = fileKind({ filename, mime: upload.mime });
    const pause = el('button', { type: 'button', class: 'upload-pause' }, ['Pause']);
    const resume = el('button', { type: 'button', class: 'upload-resume', hidden: '' }, ['Resume']);
    const controls = Boolean(actions.resume);
    if (!controls) {
        for (const button of [pause, resume, cancel]) button.hidden = true;
    }
    const cancel = el('button', { type: 'button', class: 'upload-cancel' }, ['Cancel']);
    const erase = el('button', { type: 'button', class: 'upload-delete', hidden: '', 'aria-label': `Delete ${filename}` }, [
        'Delete',
    ]);
    pause.addEventListener('click', actions.pause);
    if (actions.erase) erase.addEventListener('click', actions.erase);
    resume.addEventListener('click', actions.resume);
    cancel.addEventListener('click', actions.cancel);
    const progress = el('progress', { max: '1', value: '0', 'aria-label': `Upload of ${filename}` });
    const item = el('li', {
        class: 'upload', 'data-upload-id': upload.id, 'data-upload-state': 'uploading', 'data-file-kind': kind,
        ...(controls ? {} : { 'data-controls': 'none' }),
    }, [
        el('div', { class: 'file-card' }, [
            el('span', { class: 'file-badge', 'aria-hidden': 'true' }, [CARD_BADGES[kind] ?? 'FILE']),
            el('div', {}, [
                el('div', { class: 'file-name' }, [filename]),
                el('div', { class: 'file-size' }, [formatSize(upload.size ?? 0)]),
            ]),
        ]),
        progress,
        el('div', { class: 'meta' }, [
            el('span', { class: 'upload-status' }, ['Uploading…']),
            ' ',
            el('span', { class: 'upload-reason' }),
        ]),
        el('div', { class: 'controls' }, [pause, resume, cancel, erase]),
    ]);
    return item;
}

/** Status words per upload state. */
const STATE_TEXT = {
    uploading: 'Uploading…', paused: 'Paused', scanning: 'Checking for viruses…', clean: 'Sent',
    rejected: 'Rejected', failed: 'Failed', cancelled: 'Cancelled', expired: 'Expired', deleted: 'Deleted',
};

/**
 * Updates an upload item from a progress or state event.
 * @param {HTMLElement} item
 * @param {{state?: string, bytesSent?: number, size?: number, fileId?: string, reason?: string}} detail
 */
export function updateUpload(item, detail) {
    const state = detail.state ?? item.dataset.uploadState;
    if (STATE_TEXT[state]) item.dataset.uploadState = state;
    if (detail.fileId) item.dataset.fileId = detail.fileId;
    const progress = item.querySelector('progress');
    if (progress && typeof detail.bytesSent === 'number' && detail.size > 0) {
        progress.value = Math.min(1, detail.bytesSent / detail.size);
        progress.setAttribute('aria-valuetext', `${Math.round(progress.value * 100)}%`);
    }
    if (progress && ['scanning', 'clean', 'rejected'].includes(state)) progress.value = 1;
    const status = item.querySelector('.upload-status');
    if (status) {
        const percent = state === 'uploading' && progress ? ` ${Math.round(progress.value * 100)}%` : '';
        status.textContent = `${STATE_TEXT[state] ?? state}${percent}`;
    }
    const reason = item.querySelector('.upload-reason');
    if (reason) reason.textContent = state === 'rejected' || state === 'failed' ? text(detail.reason, reason.textContent) : '';
    // Uploads the page only refused or shows from history have no controls (`data-controls`).
    if (item.dataset.controls === 'none') return;
    const resumable = state === 'paused' || state === 'failed';
    item.querySelector('.upload-pause')?.toggleAttribute('hidden', state !== 'uploading');
    const resume = item.querySelector('.upload-resume');
    if (resume) {
        resume.hidden = !resumable;
        resume.textContent = state === 'failed' ? 'Retry' : 'Resume';
    }
    item.querySelector('.upload-cancel')?.toggleAttribute('hidden', !(state === 'uploading' || resumable));
    // A sent file can be erased by its guest (the gateway deletes it everywhere).
    item.querySelector('.upload-delete')?.toggleAttribute('hidden', !(state === 'clean' || state === 'rejected'));
}
