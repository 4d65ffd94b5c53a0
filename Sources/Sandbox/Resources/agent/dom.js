// @ts-check
/**
 * Tiny DOM helpers. Data is only ever set through `textContent` and attributes, never `innerHTML`.
 */

/**
 * Creates an element with attributes and children (strings become text nodes).
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {(Node | string | null | undefined)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, children = []) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === false) continue;
        element.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) {
        if (child === null || child === undefined) continue;
        element.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return element;
}

/**
 * The element with this id (throws when missing, so a typo fails loudly).
 * @param {string} id
 * @returns {any}
 */
export function byId(id) {
    const element = document.getElementById(id);
    if (!element) throw new Error(`missing #${id}`);
    return element;
}

/**
 * Replaces an element's children.
 * @param {Element} parent
 * @param {Node[]} children
 */
export function replaceChildren(parent, children) {
    parent.replaceChildren(...children);
}

/**
 * Only http(s) URLs on this origin or absolute http(s) URLs pass; anything else (javascript:, data:) is dropped.
 * @param {string | undefined | null} url
 * @returns {string | undefined}
 */
export function safeURL(url) {
    if (!url) return undefined;
    try {
        const parsed = new URL(url, window.location.href);
        return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
    } catch {
        return undefined;
    }
}

/**
 * "1.2 kB".
 * @param {number | undefined} bytes
 */
export function formatSize(bytes) {
    if (bytes === undefined) return "";
    if (bytes < 1000) return `${bytes} B`;
    if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
    return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
