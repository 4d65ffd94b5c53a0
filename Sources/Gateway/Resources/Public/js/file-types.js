// GENERATED from Sources/WebMessaging/FileTypes/FileTypeTable.swift — do not edit by hand.
// Regenerate (after changing the Swift table):
//   swift build --build-tests && ATTACHE_REGENERATE_FILE_TYPES=1 .build/debug/AttachePackageTests.xctest --testing-library swift-testing --filter FileTypesScriptTests
// Tests/WebMessagingTests/FileTypes/FileTypesScriptTests.swift fails when this file is stale, and
// Tests/JavaScript/file-types.test.mjs checks resolveFileType against the Swift resolver's answers.

/**
 * File types: the same table and the same answers as the gateway's Swift `FileTypeResolver`
 * for a file name and a declared MIME type (no content sniffing in the browser).
 *
 * @typedef {{ mime: string, aliases: string[], extensions: string[], category: string,
 *   inline: boolean, displayName: string }} FileTypeEntry
 * @typedef {{ category: string, mime: string, extension: string, displayName: string,
 *   inline: boolean, source: 'mimeType'|'fileExtension'|'none' }} ResolvedFileType
 */

/** @type {ReadonlyArray<FileTypeEntry>} */
export const fileTypes = Object.freeze([
    {"aliases":[],"category":"image","displayName":"PNG image","extensions":["png"],"inline":true,"mime":"image/png"},
    {"aliases":["image/jpg","image/pjpeg"],"category":"image","displayName":"JPG image","extensions":["jpg","jpeg","jpe","jfif"],"inline":true,"mime":"image/jpeg"},
    {"aliases":[],"category":"image","displayName":"GIF image","extensions":["gif"],"inline":true,"mime":"image/gif"},
    {"aliases":[],"category":"image","displayName":"WEBP image","extensions":["webp"],"inline":true,"mime":"image/webp"},
    {"aliases":[],"category":"image","displayName":"AVIF image","extensions":["avif"],"inline":true,"mime":"image/avif"},
    {"aliases":["image/x-bmp","image/x-ms-bmp"],"category":"image","displayName":"BMP image","extensions":["bmp"],"inline":true,"mime":"image/bmp"},
    {"aliases":["image/vnd.microsoft.icon"],"category":"image","displayName":"ICO image","extensions":["ico"],"inline":true,"mime":"image/x-icon"},
    {"aliases":[],"category":"image","displayName":"SVG image","extensions":["svg","svgz"],"inline":false,"mime":"image/svg+xml"},
    {"aliases":[],"category":"image","displayName":"TIF image","extensions":["tif","tiff"],"inline":false,"mime":"image/tiff"},
    {"aliases":["image/heif","image/heic-sequence","image/heif-sequence"],"category":"image","displayName":"HEIC image","extensions":["heic","heif"],"inline":false,"mime":"image/heic"},
    {"aliases":["audio/mp3","audio/mpeg3","audio/x-mpeg","audio/x-mp3"],"category":"audio","displayName":"MP3 audio","extensions":["mp3"],"inline":true,"mime":"audio/mpeg"},
    {"aliases":["audio/x-m4a","audio/m4a","audio/x-mp4"],"category":"audio","displayName":"M4A audio","extensions":["m4a","m4b"],"inline":true,"mime":"audio/mp4"},
    {"aliases":["audio/x-aac","audio/aacp"],"category":"audio","displayName":"AAC audio","extensions":["aac"],"inline":true,"mime":"audio/aac"},
    {"aliases":["audio/opus","audio/vorbis","application/ogg"],"category":"audio","displayName":"OGG audio","extensions":["ogg","oga","opus"],"inline":true,"mime":"audio/ogg"},
    {"aliases":[],"category":"audio","displayName":"WEBA audio","extensions":["weba"],"inline":true,"mime":"audio/webm"},
    {"aliases":["audio/x-wav","audio/wave","audio/vnd.wave"],"category":"audio","displayName":"WAV audio","extensions":["wav"],"inline":true,"mime":"audio/wav"},
    {"aliases":["audio/x-flac"],"category":"audio","displayName":"FLAC audio","extensions":["flac"],"inline":true,"mime":"audio/flac"},
    {"aliases":["audio/amr-wb"],"category":"audio","displayName":"AMR audio","extensions":["amr","awb"],"inline":false,"mime":"audio/amr"},
    {"aliases":["audio/3gpp2"],"category":"audio","displayName":"audio","extensions":[],"inline":false,"mime":"audio/3gpp"},
    {"aliases":["audio/x-aiff"],"category":"audio","displayName":"AIF audio","extensions":["aif","aiff"],"inline":false,"mime":"audio/aiff"},
    {"aliases":["audio/x-midi","audio/mid"],"category":"audio","displayName":"MID audio","extensions":["mid","midi"],"inline":false,"mime":"audio/midi"},
    {"aliases":[],"category":"video","displayName":"MP4 video","extensions":["mp4","m4v"],"inline":true,"mime":"video/mp4"},
    {"aliases":[],"category":"video","displayName":"WEBM video","extensions":["webm"],"inline":true,"mime":"video/webm"},
    {"aliases":[],"category":"video","displayName":"OGV video","extensions":["ogv"],"inline":true,"mime":"video/ogg"},
    {"aliases":[],"category":"video","displayName":"MOV video","extensions":["mov","qt"],"inline":false,"mime":"video/quicktime"},
    {"aliases":["video/3gpp2"],"category":"video","displayName":"3GP video","extensions":["3gp","3g2"],"inline":false,"mime":"video/3gpp"},
    {"aliases":[],"category":"video","displayName":"MKV video","extensions":["mkv"],"inline":false,"mime":"video/x-matroska"},
    {"aliases":["video/avi","video/msvideo"],"category":"video","displayName":"AVI video","extensions":["avi"],"inline":false,"mime":"video/x-msvideo"},
    {"aliases":[],"category":"video","displayName":"MPEG video","extensions":["mpeg","mpg"],"inline":false,"mime":"video/mpeg"},
    {"aliases":[],"category":"video","displayName":"WMV video","extensions":["wmv"],"inline":false,"mime":"video/x-ms-wmv"},
    {"aliases":["application/x-pdf","application/acrobat"],"category":"pdf","displayName":"PDF document","extensions":["pdf"],"inline":true,"mime":"application/pdf"},
    {"aliases":["application/x-zip-compressed","application/x-zip","multipart/x-zip"],"category":"archive","displayName":"ZIP archive","extensions":["zip"],"inline":false,"mime":"application/zip"},
    {"aliases":[],"category":"archive","displayName":"7Z archive","extensions":["7z"],"inline":false,"mime":"application/x-7z-compressed"},
    {"aliases":["application/x-rar-compressed","application/x-rar"],"category":"archive","displayName":"RAR archive","extensions":["rar"],"inline":false,"mime":"application/vnd.rar"},
    {"aliases":[],"category":"archive","displayName":"TAR archive","extensions":["tar"],"inline":false,"mime":"application/x-tar"},
    {"aliases":["application/x-gzip"],"category":"archive","displayName":"GZ archive","extensions":["gz","tgz","tar.gz"],"inline":false,"mime":"application/gzip"},
    {"aliases":[],"category":"archive","displayName":"BZ2 archive","extensions":["bz2","tar.bz2"],"inline":false,"mime":"application/x-bzip2"},
    {"aliases":[],"category":"archive","displayName":"XZ archive","extensions":["xz","tar.xz"],"inline":false,"mime":"application/x-xz"},
    {"aliases":[],"category":"archive","displayName":"ZST archive","extensions":["zst","tar.zst"],"inline":false,"mime":"application/zstd"},
    {"aliases":[],"category":"document","displayName":"DOC document","extensions":["doc","dot"],"inline":false,"mime":"application/msword"},
    {"aliases":[],"category":"document","displayName":"DOCX document","extensions":["docx"],"inline":false,"mime":"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"aliases":[],"category":"document","displayName":"ODT document","extensions":["odt"],"inline":false,"mime":"application/vnd.oasis.opendocument.text"},
    {"aliases":["text/rtf"],"category":"document","displayName":"RTF document","extensions":["rtf"],"inline":false,"mime":"application/rtf"},
    {"aliases":[],"category":"document","displayName":"EPUB document","extensions":["epub"],"inline":false,"mime":"application/epub+zip"},
    {"aliases":[],"category":"document","displayName":"PAGES document","extensions":["pages"],"inline":false,"mime":"application/vnd.apple.pages"},
    {"aliases":[],"category":"document","displayName":"PS document","extensions":["ps","eps"],"inline":false,"mime":"application/postscript"},
    {"aliases":[],"category":"document","displayName":"MSG document","extensions":["msg"],"inline":false,"mime":"application/x-ole-storage"},
    {"aliases":[],"category":"spreadsheet","displayName":"XLS spreadsheet","extensions":["xls","xlt"],"inline":false,"mime":"application/vnd.ms-excel"},
    {"aliases":[],"category":"spreadsheet","displayName":"XLSX spreadsheet","extensions":["xlsx"],"inline":false,"mime":"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"aliases":[],"category":"spreadsheet","displayName":"ODS spreadsheet","extensions":["ods"],"inline":false,"mime":"application/vnd.oasis.opendocument.spreadsheet"},
    {"aliases":[],"category":"spreadsheet","displayName":"NUMBERS spreadsheet","extensions":["numbers"],"inline":false,"mime":"application/vnd.apple.numbers"},
    {"aliases":["application/csv","text/comma-separated-values"],"category":"spreadsheet","displayName":"CSV spreadsheet","extensions":["csv"],"inline":true,"mime":"text/csv"},
    {"aliases":[],"category":"spreadsheet","displayName":"TSV spreadsheet","extensions":["tsv"],"inline":true,"mime":"text/tab-separated-values"},
    {"aliases":[],"category":"presentation","displayName":"PPT presentation","extensions":["ppt","pps","pot"],"inline":false,"mime":"application/vnd.ms-powerpoint"},
    {"aliases":[],"category":"presentation","displayName":"PPTX presentation","extensions":["pptx"],"inline":false,"mime":"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"aliases":[],"category":"presentation","displayName":"ODP presentation","extensions":["odp"],"inline":false,"mime":"application/vnd.oasis.opendocument.presentation"},
    {"aliases":[],"category":"presentation","displayName":"KEY presentation","extensions":["key"],"inline":false,"mime":"application/vnd.apple.keynote"},
    {"aliases":[],"category":"text","displayName":"TXT text","extensions":["txt","text","log"],"inline":true,"mime":"text/plain"},
    {"aliases":["text/x-markdown"],"category":"text","displayName":"MD text","extensions":["md","markdown"],"inline":true,"mime":"text/markdown"},
    {"aliases":["text/json"],"category":"text","displayName":"JSON text","extensions":["json"],"inline":true,"mime":"application/json"},
    {"aliases":["application/x-yaml","text/yaml","text/x-yaml"],"category":"text","displayName":"YAML text","extensions":["yaml","yml"],"inline":true,"mime":"application/yaml"},
    {"aliases":["application/xhtml+xml"],"category":"text","displayName":"HTML text","extensions":["html","htm","xhtml","shtml"],"inline":false,"mime":"text/html"},
    {"aliases":["text/xml"],"category":"text","displayName":"XML text","extensions":["xml","xsl"],"inline":false,"mime":"application/xml"},
    {"aliases":[],"category":"text","displayName":"CSS text","extensions":["css"],"inline":false,"mime":"text/css"},
    {"aliases":["application/javascript","application/x-javascript"],"category":"text","displayName":"JS text","extensions":["js","mjs"],"inline":false,"mime":"text/javascript"},
    {"aliases":[],"category":"text","displayName":"ICS text","extensions":["ics"],"inline":false,"mime":"text/calendar"},
    {"aliases":["text/x-vcard"],"category":"text","displayName":"VCF text","extensions":["vcf"],"inline":false,"mime":"text/vcard"},
    {"aliases":["application/x-elf"],"category":"executable","displayName":"ELF program","extensions":["elf","bin","run"],"inline":false,"mime":"application/x-executable"},
    {"aliases":[],"category":"executable","displayName":"SO program","extensions":["so"],"inline":false,"mime":"application/x-sharedlib"},
    {"aliases":["application/x-msdownload","application/x-dosexec","application/x-ms-dos-executable","application/exe","application/x-exe"],"category":"executable","displayName":"EXE program","extensions":["exe","dll","com","scr","sys","cpl"],"inline":false,"mime":"application/vnd.microsoft.portable-executable"},
    {"aliases":["application/x-ms-installer"],"category":"executable","displayName":"MSI program","extensions":["msi"],"inline":false,"mime":"application/x-msi"},
    {"aliases":["application/x-mach-o-executable"],"category":"executable","displayName":"DYLIB program","extensions":["dylib"],"inline":false,"mime":"application/x-mach-binary"},
    {"aliases":["application/x-shellscript","text/x-shellscript","text/x-sh"],"category":"executable","displayName":"SH program","extensions":["sh","bash","zsh","command"],"inline":false,"mime":"application/x-sh"},
    {"aliases":["application/bat","application/x-msdos-program"],"category":"executable","displayName":"BAT program","extensions":["bat","cmd"],"inline":false,"mime":"application/x-bat"},
    {"aliases":[],"category":"executable","displayName":"PS1 program","extensions":["ps1","psm1"],"inline":false,"mime":"application/x-powershell"},
    {"aliases":["application/x-java-archive"],"category":"executable","displayName":"JAR program","extensions":["jar"],"inline":false,"mime":"application/java-archive"},
    {"aliases":[],"category":"executable","displayName":"APK program","extensions":["apk"],"inline":false,"mime":"application/vnd.android.package-archive"},
    {"aliases":["application/x-java-class"],"category":"executable","displayName":"CLASS program","extensions":["class"],"inline":false,"mime":"application/java-vm"},
    {"aliases":[],"category":"executable","displayName":"WASM program","extensions":["wasm"],"inline":false,"mime":"application/wasm"},
    {"aliases":[],"category":"executable","displayName":"DMG program","extensions":["dmg"],"inline":false,"mime":"application/x-apple-diskimage"},
]);

/** Declared types that say nothing about the content: treated as no type at all. */
export const genericMimeTypes = Object.freeze(["*/*", "application/*", "application/binary", "application/download", "application/force-download", "application/octet-stream", "application/unknown", "application/x-download", "application/x-unknown", "binary/octet-stream", "unknown/unknown"]);

/** The noun of each category, for display names (`PDF document`, `ZIP archive`). */
export const categoryNames = Object.freeze({
    image: "image",
    audio: "audio",
    video: "video",
    pdf: "document",
    archive: "archive",
    spreadsheet: "spreadsheet",
    presentation: "presentation",
    document: "document",
    text: "text",
    executable: "program",
    unknown: "file",
});
const byMime = new Map();
const byExtension = new Map();
for (const entry of fileTypes) {
    for (const name of [entry.mime, ...entry.aliases]) if (!byMime.has(name)) byMime.set(name, entry);
    for (const name of entry.extensions) if (!byExtension.has(name)) byExtension.set(name, entry);
}
const generic = new Set(genericMimeTypes);
const segmenter = typeof Intl === 'object' && typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/**
 * Swift compares Characters (grapheme clusters); so does this. ASCII text is split by hand (only
 * CR LF is one cluster); V8's segmenter is quadratic, so text over 4096 characters falls back to
 * code points (file names are far shorter).
 */
function graphemes(text) {
    if (/^[\x00-\x7f]*$/.test(text)) {
        const characters = [];
        for (let index = 0; index < text.length; index += 1) {
            if (text[index] === '\r' && text[index + 1] === '\n') {
                characters.push('\r\n');
                index += 1;
            } else {
                characters.push(text[index]);
            }
        }
        return characters;
    }
    if (segmenter === null || text.length > 4096) return Array.from(text);
    return Array.from(segmenter.segment(text), (part) => part.segment);
}

function split(characters, separators) {
    const pieces = [[]];
    for (const character of characters) {
        if (separators.includes(character)) pieces.push([]);
        else pieces[pieces.length - 1].push(character);
    }
    return pieces;
}

function trimASCIIWhitespace(characters) {
    const space = (character) => character === ' ' || character === '\t' || character === '\n' || character === '\r';
    let start = 0;
    let end = characters.length;
    while (start < end && space(characters[start])) start += 1;
    while (end > start && space(characters[end - 1])) end -= 1;
    return characters.slice(start, end);
}

/**
 * The lowercase `type/subtype` without parameters, or null when the text is not a MIME type.
 * @param {string} mime
 * @returns {string|null}
 */
export function normalizeMime(mime) {
    if (typeof mime !== 'string') return null;
    const essence = split(graphemes(mime), [';'])[0];
    const trimmed = trimASCIIWhitespace(essence).join('').toLowerCase();
    const parts = split(graphemes(trimmed), ['/']);
    if (parts.length !== 2 || parts[0].length === 0 || parts[1].length === 0) return null;
    for (const byte of new TextEncoder().encode(trimmed)) if (byte <= 0x20 || byte >= 0x7f) return null;
    return trimmed;
}

/**
 * Extensions to try for a file name, longest first: `a.tar.gz` → `['tar.gz', 'gz']`; `.bashrc` → `[]`.
 * @param {string} filename
 * @returns {string[]}
 */
export function extensionCandidates(filename) {
    if (typeof filename !== 'string') return [];
    const components = split(graphemes(filename), ['/', '\\']);
    const base = trimASCIIWhitespace(components[components.length - 1]).join('').toLowerCase();
    const pieces = split(graphemes(base), ['.']).map((piece) => piece.join(''));
    if (pieces.length < 2 || (pieces.length === 2 && pieces[0] === '')) return [];
    const last = pieces[pieces.length - 1];
    if (last === '') return [];
    const previous = pieces[pieces.length - 2];
    return pieces.length >= 3 && previous !== '' ? [`${previous}.${last}`, last] : [last];
}

const topLevelCategories = { image: 'image', audio: 'audio', video: 'video', text: 'text' };

function capitalized(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What a file is, from its name and declared MIME type, exactly as the gateway decides without
 * its bytes: a known declared type wins, then the extension, then the type's top level
 * (`image/x-new` → image, not previewable); otherwise unknown.
 * @param {{ filename?: string|null, mime?: string|null }} file
 * @returns {ResolvedFileType}
 */
export function resolveFileType({ filename = null, mime = null } = {}) {
    const candidates = extensionCandidates(filename);
    const matched = candidates.find((candidate) => byExtension.has(candidate));
    const extension = matched ?? candidates[candidates.length - 1] ?? '';
    const extensionEntry = matched === undefined ? null : byExtension.get(matched);
    const normalized = normalizeMime(mime);
    const essence = normalized !== null && !generic.has(normalized) ? normalized : null;
    const verdict = (entry, source) => ({
        category: entry.category, mime: entry.mime, extension, displayName: entry.displayName,
        inline: entry.inline, source,
    });
    if (essence !== null && byMime.has(essence)) return verdict(byMime.get(essence), 'mimeType');
    if (extensionEntry !== null) return verdict(extensionEntry, 'fileExtension');
    if (essence !== null) {
        const category = topLevelCategories[essence.slice(0, essence.indexOf('/'))];
        if (category !== undefined) {
            return {
                category, mime: essence, extension, displayName: capitalized(categoryNames[category]),
                inline: false, source: 'mimeType',
            };
        }
    }
    return {
        category: 'unknown', mime: 'application/octet-stream', extension,
        displayName: capitalized(categoryNames.unknown), inline: false, source: 'none',
    };
}
