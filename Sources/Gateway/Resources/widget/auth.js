// The implicit grant, as a Genesys Cloud Interaction Widget signs its agent in: redirect to the
// login service's /oauth/authorize with response_type=token; the token comes back in the URL
// fragment, checked against a random state kept in sessionStorage with the widget's own query.

const STATE_KEY = 'attache.widget.oauth';

/**
 * @typedef {{clientId: string, authorizeURL: string}} WidgetConfig
 * @typedef {{token?: string, error?: string, search?: string}} AuthResult
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
    /** @type {{state: string, search: string}|null} */
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
    return { token: fields.get('access_token') || '', search };
}

/**
 * Sends the page to the login service; it comes back to /widget/ with a token.
 * @param {WidgetConfig} config
 */
export function redirectToLogin(config) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    const state = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(STATE_KEY, JSON.stringify({ state, search: location.search }));
    const url = new URL(config.authorizeURL);
    url.searchParams.set('response_type', 'token');
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('redirect_uri', `${location.origin}/widget/`);
    url.searchParams.set('state', state);
    location.assign(url.toString());
}
