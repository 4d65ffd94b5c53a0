// The agent preview widget: lists the conversation's clean files and previews one through a
// fresh just-in-time link. Opened by Agent Workspace (or the sandbox console) with
// ?conversationId={{gcConversationId}}&gcHostOrigin={{gcHostOrigin}}&gcTargetEnv={{gcTargetEnv}}.

import { WidgetAPI, WidgetAPIError } from './api.js';
import { handOverToOpener, loginInPopup, redirectToLogin, takeTokenFromFragment } from './auth.js';
import { el, formatSize, setStatus } from './dom.js';
import { renderPreview } from './preview.js';

const REFRESH_MILLISECONDS = 10000;

async function main() {
    const auth = takeTokenFromFragment();
    const query = new URLSearchParams(auth?.search ?? location.search);
    const conversationId = query.get('conversationId') || '';
    if (!conversationId) {
        setStatus('Open this widget from a conversation.', true);
        return;
    }
    if (auth?.error) {
        setStatus(`Sign-in failed: ${auth.error}`, true);
        return;
    }
    if (auth?.token && auth.popup && handOverToOpener(auth.token)) return;
    let token = auth?.token;
    if (!token) {
        const config = await WidgetAPI.config();
        if (!config.clientId || !config.authorizeURL) {
            setStatus('The widget has no OAuth client configured (ATTACHE_WIDGET_CLIENT_ID).', true);
            return;
        }
        if (query.get('gcUsePopupAuth') !== 'true') {
            setStatus('Signing in…');
            redirectToLogin(config);
            return;
        }
        token = await signInWithPopup(config);
    }
    const api = new WidgetAPI(token, conversationId);
    const refresh = document.getElementById('refresh');
    if (refresh) {
        refresh.hidden = false;
        refresh.addEventListener('click', () => loadFiles(api));
    }
    await loadFiles(api);
    setInterval(() => loadFiles(api), REFRESH_MILLISECONDS);
}

/**
 * Shows a sign-in button (popups need a click) and waits for the popup's token.
 * @param {{clientId: string, authorizeURL: string}} config
 * @returns {Promise<string>}
 */
function signInWithPopup(config) {
    setStatus('Sign in with Genesys Cloud to see this conversation\'s files.');
    const button = el('button', { type: 'button', id: 'sign-in' }, ['Sign in']);
    document.getElementById('status')?.after(button);
    return new Promise((resolve) => {
        button.addEventListener('click', async () => {
            try {
                const token = await loginInPopup(config);
                button.remove();
                resolve(token);
            } catch (error) {
                setStatus(`Sign-in failed: ${error instanceof Error ? error.message : error}`, true);
            }
        });
    });
}

/** @type {string|null} */
let selected = null;
let knownFiles = '';

/** @param {WidgetAPI} api */
async function loadFiles(api) {
    let answer;
    try {
        answer = await api.files();
    } catch (error) {
        showError(error);
        return;
    }
    const signature = answer.files.map((/** @type {any} */ f) => f.fileId).join(',');
    const count = answer.files.length;
    setStatus(count === 0 ? 'No files in this conversation yet.' : `${count} ${count === 1 ? 'file' : 'files'}`);
    if (signature === knownFiles) return;
    knownFiles = signature;
    const list = document.getElementById('files');
    if (!list) return;
    list.replaceChildren(
        ...answer.files.map((/** @type {any} */ file) => {
            const button = el('button', {
                type: 'button',
                'data-file-id': file.fileId,
                'data-category': file.category,
                'aria-pressed': String(file.fileId === selected),
            }, [
                el('span', { class: 'category' }, [file.category]),
                el('span', { class: 'name' }, [file.filename]),
                el('span', { class: 'size' }, [formatSize(file.size)]),
            ]);
            button.addEventListener('click', () => open(api, file.fileId));
            return el('li', {}, [button]);
        }),
    );
}

/**
 * Mints a fresh link and shows the file.
 * @param {WidgetAPI} api
 * @param {string} fileId
 */
async function open(api, fileId) {
    selected = fileId;
    for (const button of document.querySelectorAll('#files button')) {
        button.setAttribute('aria-pressed', String(button.getAttribute('data-file-id') === fileId));
    }
    const preview = document.getElementById('preview');
    if (!preview) return;
    preview.replaceChildren(el('p', { class: 'meta' }, ['Opening…']));
    preview.hidden = false;
    try {
        const link = await api.link(fileId);
        await renderPreview(preview, link, api);
    } catch (error) {
        preview.replaceChildren(el('p', { class: 'notice refused' }, [messageFor(error)]));
    }
}

/** @param {unknown} error */
function showError(error) {
    setStatus(messageFor(error), true);
}

/** @param {unknown} error */
function messageFor(error) {
    if (error instanceof WidgetAPIError) {
        if (error.status === 401) return 'Your Genesys session has expired: reload the widget to sign in again.';
        return error.message;
    }
    return 'The gateway cannot be reached.';
}

main().catch(showError);
