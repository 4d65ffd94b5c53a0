// DOM helpers of the widget: `el` and `formatSize` are the guest page's (Public/js/dom.js); every
// piece of data goes through textContent or attributes, never HTML parsing.

export { el, formatSize } from '../js/dom.js';

/**
 * Shows a status line.
 * @param {string} text
 * @param {boolean} [isError]
 */
export function setStatus(text, isError = false) {
    const status = document.getElementById('status');
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('error', isError);
}
