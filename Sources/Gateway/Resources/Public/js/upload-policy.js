/**
 * @file upload-policy.js — the client-side mirror of the gateway's upload policy.
 *
 * The policy comes from `GET /v1/guest/config` → `.policy`:
 * `{ maxFileSize, partSize, allowedTypes: [...], blockedExtensions: [...], quotaBytes }`.
 * `checkFile` applies the rules of the Swift `UploadPolicy.check` in the same order — size (zero,
 * over the maximum), content type (normalised: parameters dropped, lowercased; an entry ending in
 * `/` or `/*` is a prefix such as `audio/`), then every extension of the name (last first, so
 * `report.pdf.exe` and `archive.EXE.zip` are both caught, as `FilenameSanitizer.extensions`) — and
 * answers with the gateway's problem slugs as codes. `safeFilename` turns a local name into one the
 * gateway accepts (it refuses path separators, control and bidi-override characters and names
 * over 255 UTF-8 bytes): the manager declares that name, and checks it. The quota cannot be checked here (the client
 * does not know what the guest holds); the gateway still refuses. Messages are plain text: show
 * them with `textContent`.
 */

/**
 * @typedef {object} UploadPolicy
 * @property {number} [maxFileSize]
 * @property {number} [partSize]
 * @property {string[]} [allowedTypes]
 * @property {string[]} [blockedExtensions]
 * @property {number} [quotaBytes]
 */

/**
 * @typedef {object} PolicyProblem
 * @property {'invalid-size'|'file-too-large'|'type-not-allowed'|'extension-blocked'} code
 * @property {string} message
 */

/**
 * `Text/Plain; charset=x` → `text/plain`.
 * @param {string} type
 */
export function normalizedContentType(type) {
    return String(type ?? '').split(';', 1)[0].trim().toLowerCase();
}

/**
 * The extensions of a filename, last first, lowercased (`a.tar.GZ` → `['gz', 'tar']`), after dropping
 * the characters the gateway's sanitiser drops (controls, invisible format characters).
 * @param {string} filename
 * @returns {string[]}
 */
export function fileExtensions(filename) {
    const name = String(filename ?? '')
        .split(/[/\\]/).pop()
        .normalize('NFC')
        .replace(/(?!\u200d)[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/gu, '');
    const pieces = name.split('.');
    if (pieces.length < 2) return [];
    return pieces.slice(1).reverse().map((piece) => piece.trim().toLowerCase()).filter((piece) => piece.length > 0);
}

/**
 * A filename the gateway's `FilenameSanitizer.validate` accepts: `/` and `\\` become `_`, control,
 * bidi-control and other invisible format characters go (ZWJ stays, for emoji), whitespace runs
 * become one space, edges lose spaces and dots, at most 255 UTF-8 bytes with a short extension
 * kept; `file` when nothing is left.
 * @param {string} name
 */
export function safeFilename(name) {
    let clean = String(name ?? '')
        .normalize('NFC')
        .replace(/[/\\]/g, '_')
        .replace(/\s+/gu, ' ')
        .replace(/(?!\u200d)[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, '')
        .replace(/^[\s.]+|[\s.]+$/gu, '');
    const bytes = (text) => new TextEncoder().encode(text).length;
    if (bytes(clean) > 255) {
        const dot = clean.lastIndexOf('.');
        const ext = dot > 0 && bytes(clean.slice(dot)) <= 16 ? clean.slice(dot) : '';
        let stem = '';
        for (const character of clean.slice(0, clean.length - ext.length)) {
            if (bytes(stem + character) + bytes(ext) > 255) break;
            stem += character;
        }
        clean = stem.replace(/[\s.]+$/u, '') + ext;
    }
    return clean || 'file';
}

/**
 * Whether the normalised type is a well-formed `type/subtype` of ASCII letters, digits and `+-.`.
 * @param {string} type
 */
function isWellFormed(type) {
    return /^[a-z0-9+.-]+\/[a-z0-9+.-]+$/.test(type);
}

/**
 * Whether `type` is allowed by `allowedTypes` (exact entries and `prefix/` or `prefix/*` entries).
 * @param {string} type normalised
 * @param {string[]} allowedTypes
 */
export function typeAllowed(type, allowedTypes) {
    return allowedTypes.some((entry) => {
        const allowed = normalizedContentType(entry);
        if (allowed.endsWith('/*')) return type.startsWith(allowed.slice(0, -1)) && type.length > allowed.length - 1;
        if (allowed.endsWith('/')) return type.startsWith(allowed) && type.length > allowed.length;
        return type === allowed;
    });
}

/**
 * A size for people: `12.5 MB`.
 * @param {number} bytes
 */
export function formatBytes(bytes) {
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    let value = Number(bytes) || 0;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit += 1;
    }
    return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * Checks a file against the policy, as the gateway will.
 * @param {{name: string, size: number, type?: string}} file
 * @param {UploadPolicy | null} policy `null` (not loaded): only the size is checked
 * @param {string} [contentType] the type that will be declared (default `file.type`)
 * @returns {PolicyProblem | null}
 */
export function checkFile(file, policy, contentType = file.type ?? '') {
    const size = Number(file.size);
    if (!Number.isFinite(size) || size <= 0) return { code: 'invalid-size', message: 'The file is empty.' };
    if (!policy) return null;
    if (Number.isFinite(policy.maxFileSize) && size > /** @type {number} */ (policy.maxFileSize)) {
        return {
            code: 'file-too-large',
            message: `The file is ${formatBytes(size)}; the limit is ${formatBytes(policy.maxFileSize ?? 0)}.`,
        };
    }
    const type = normalizedContentType(contentType);
    if (Array.isArray(policy.allowedTypes) && !(isWellFormed(type) && typeAllowed(type, policy.allowedTypes))) {
        return {
            code: 'type-not-allowed',
            message: type ? `Files of type '${type}' are not accepted.` : 'Files of an unknown type are not accepted.',
        };
    }
    const blocked = new Set((policy.blockedExtensions ?? []).map((ext) => String(ext).replace(/^\./, '').toLowerCase()));
    const found = fileExtensions(safeFilename(file.name)).find((ext) => blocked.has(ext));
    if (found) return { code: 'extension-blocked', message: `Files with the extension '.${found}' are not accepted.` };
    return null;
}
