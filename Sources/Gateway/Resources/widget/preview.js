// Shows one file by its category: PDF, images, audio (voice notes), video and text inline; a ZIP
// as a listing of its entries (read by the gateway, never extracted) with a download; anything
// else as a download card. Every URL is a fresh just-in-time link minted for this agent.

import { el, formatSize } from './dom.js';

/**
 * @typedef {{fileId: string, filename: string, contentType: string, category: string,
 *            previewable: boolean, size: number, state: string}} WidgetFile
 * @typedef {{decision: string, reason: string, file: WidgetFile, url: string, expiresAt?: string}} WidgetLink
 */

/**
 * Renders the preview of a file into `container`.
 * @param {HTMLElement} container
 * @param {WidgetLink} link
 * @param {import('./api.js').WidgetAPI} api
 */
export async function renderPreview(container, link, api) {
    const file = link.file;
    container.replaceChildren();
    container.hidden = false;
    container.dataset.fileId = file.fileId;
    container.dataset.category = file.category;
    container.append(el('h2', {}, [file.filename]));
    if (link.decision === 'pending') {
        container.append(el('p', { class: 'notice' }, [`Not available yet: the file is ${file.state}.`]));
        return;
    }
    const inline = file.previewable ? inlineElement(file, link.url) : null;
    if (inline) container.append(inline);
    if (file.category === 'archive') {
        await renderEntries(container, file, api);
    } else if (!inline) {
        container.append(downloadCard(file, link.url));
    }
    container.append(actions(file, link));
}

/**
 * @param {WidgetFile} file
 * @param {string} url
 * @returns {HTMLElement|null}
 */
function inlineElement(file, url) {
    const label = `Preview of ${file.filename}`;
    switch (file.category) {
        case 'pdf':
            return el('iframe', { class: 'pdf', src: url, title: label, referrerpolicy: 'no-referrer' });
        case 'image':
            return el('img', { class: 'image', src: url, alt: label, referrerpolicy: 'no-referrer' });
        case 'audio':
            return el('audio', { class: 'audio', src: url, controls: '', preload: 'metadata', 'aria-label': label });
        case 'video':
            return el('video', { class: 'video', src: url, controls: '', preload: 'metadata', 'aria-label': label });
        case 'text':
            return el('iframe', { class: 'text', src: url, title: label, sandbox: '', referrerpolicy: 'no-referrer' });
        default:
            return null;
    }
}

/**
 * @param {WidgetFile} file
 * @param {string} url
 */
function downloadCard(file, url) {
    return el('div', { class: 'card download-card' }, [
        el('p', {}, [`${file.contentType} · ${formatSize(file.size)}`]),
        el('p', { class: 'meta' }, ['This type is not previewed; download it to open it.']),
    ]);
}

/**
 * @param {WidgetFile} file
 * @param {WidgetLink} link
 */
function actions(file, link) {
    const expires = link.expiresAt ? new Date(link.expiresAt).toLocaleTimeString() : '';
    return el('div', { class: 'actions' }, [
        el('a', { class: 'download', href: link.url, download: file.filename, rel: 'noopener noreferrer' }, [
            'Download',
        ]),
        el('a', { class: 'open', href: link.url, target: '_blank', rel: 'noopener noreferrer' }, ['Open in a new tab']),
        el('span', { class: 'meta' }, [expires ? `Link valid until ${expires}` : '']),
    ]);
}

/**
 * Lists a ZIP's entries as the gateway read them, flagging unsafe names.
 * @param {HTMLElement} container
 * @param {WidgetFile} file
 * @param {import('./api.js').WidgetAPI} api
 */
async function renderEntries(container, file, api) {
    let answer;
    try {
        answer = await api.entries(file.fileId);
    } catch (error) {
        container.append(el('p', { class: 'notice refused' }, [`The archive cannot be listed: ${error.message}`]));
        return;
    }
    const listing = answer.listing;
    if (!listing) return;
    const section = el('div', { class: 'zip', 'data-status': listing.status, 'data-reason': listing.reason });
    if (listing.status === 'refused') {
        section.append(el('p', { class: 'notice refused' }, [listing.message]));
        container.append(section);
        return;
    }
    section.append(
        el('p', { class: 'meta' }, [
            `${listing.message} ${formatSize(listing.totalUncompressedSize)} uncompressed.`,
        ]),
    );
    if (listing.unsafeEntryCount > 0) {
        section.append(
            el('p', { class: 'notice' }, [
                `${listing.unsafeEntryCount === 1 ? '1 entry has an unsafe path' : `${listing.unsafeEntryCount} entries have unsafe paths`}: extracting would write outside its folder.`,
            ]),
        );
    }
    const list = el('ul', { class: 'entries' });
    for (const entry of listing.entries) {
        const warnings = entry.warnings.join(', ');
        const item = el('li', { 'data-name': entry.name }, [
            el('span', { class: 'entry-name' }, [entry.isDirectory ? `${entry.name}` : entry.name]),
            el('span', { class: 'entry-size' }, [entry.isDirectory ? '' : formatSize(entry.size)]),
        ]);
        if (warnings) {
            item.classList.add('flagged');
            item.append(el('span', { class: 'unsafe' }, [warnings]));
        }
        list.append(item);
    }
    section.append(list);
    container.append(section);
}
