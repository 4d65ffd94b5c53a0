// The implicit grant, as a Genesys Cloud Interaction Widget signs its agent in: redirect to the
// login service's /oauth/authorize with response_type=token; the token comes back in the URL
// fragment, checked against a random state kept in sessionStorage with the widget's own query.

const STATE_KEY = 'attache.widget.oauth';
const MESSAGE_TYPE = 'attache-widget-token';

/**
 * @typedef {{clientId: string, authorizeURL: string}} WidgetConfig
 * @typedef {{token?: string, error?: string, search?: string, popup?: boolean}} AuthResult
 */

/**
 * Reads (and removes from the address bar) a token or an error the login service put in the
 * fragment. Returns null when the page was not opened by a login redirect.
 * @returns {AuthResult|null}
 */
export function takeTokenFromFragment() {
    if (!location.hash || location.hash.length < 2) return null;
    const fields = new URLSearchParams(location.hash.slice(1));
    if (!fields.has('access_token') && !fields.has('error')) return null;
    /** @type {{state: string, search: string, popup?: boolean}|null} */
    let saved = null;
    try {
        saved = JSON.parse(sessionStorage.getItem(STATE_KEY) || 'null');
    } catch {
        saved = null;
    }
    sessionStorage.removeItem(STATE_KEY);
    const search = saved?.search ?? location.search;
    history.replaceState(null, '', location.pathname + search);
    if (!saved || saved.state !== fields.get('state')) {
        return { error: 'state-mismatch', search };
    }
    if (fields.has('error')) {
        return { error: fields.get('error_description') || fields.get('error') || 'login failed', search };
    }
    return { token: fields.get('access_token') || '', search, popup: saved.popup === true };
}

/**
 * In a sign-in popup: hands the token to the widget that opened it (same origin only) and closes.
 * @param {string} token
 * @returns {boolean} whether the token was handed over
 */
export function handOverToOpener(token) {
    const opener = window.opener;
    if (!opener) return false;
    try {
        if (opener.location.origin !== location.origin) return false;
    } catch {
        return false;
    }
    opener.postMessage({ type: MESSAGE_TYPE, token }, location.origin);
    window.close();
    return true;
}

/**
 * Signs in through a popup (for hosts that set gcUsePopupAuth=true, where the login page cannot
 * be shown in the widget's frame). Must be called from a click.
 * @param {WidgetConfig} config
 * @returns {Promise<string>} the token
 */
export function loginInPopup(config) {
    const url = authorizeURL(config, true);
    return new Promise((resolve, reject) => {
        const popup = window.open(url, 'attache-widget-login', 'popup,width=520,height=640');
        if (!popup) {
            reject(new Error('the sign-in popup was blocked'));
            return;
        }
        /** @param {MessageEvent} event */
        const listener = (event) => {
            if (event.origin !== location.origin || event.source !== popup) return;
            if (event.data?.type !== MESSAGE_TYPE || typeof event.data.token !== 'string') return;
            window.removeEventListener('message', listener);
            resolve(event.data.token);
        };
        window.addEventListener('message', listener);
    });
}

/**
 * Sends the page to the login service; it comes back to /widget/ with a token.
 * @param {WidgetConfig} config
 */
export function redirectToLogin(config) {
    location.assign(authorizeURL(config, false));
}

/**
 * The authorize URL with a fresh state, remembered (with the widget's query) in sessionStorage,
 * which a popup opened by this page inherits.
 * @param {WidgetConfig} config
 * @param {boolean} popup
 */
function authorizeURL(config, popup) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    const state = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(STATE_KEY, JSON.stringify({ state, search: location.search, popup }));
    const url = new URL(config.authorizeURL);
    url.searchParams.set('response_type', 'token');
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('redirect_uri', `${location.origin}/widget/`);
    url.searchParams.set('state', state);
    return url.toString();
}
