import Foundation
import WebMessaging

/// Renders the browser's `Public/js/file-types.js` from ``FileTypeTable`` and the case list the
/// JavaScript test checks it against (`Tests/JavaScript/fixtures/file-type-cases.json`), so the
/// two resolvers cannot drift. ``FileTypesScriptTests`` compares both with the committed files.
enum FileTypesScript {
    /// The environment variable that makes the test rewrite the committed files.
    static let regenerateVariable = "ATTACHE_REGENERATE_FILE_TYPES"
    /// The command that rewrites them.
    static let regenerateCommand =
        "swift build --build-tests && ATTACHE_REGENERATE_FILE_TYPES=1 .build/debug/AttachePackageTests.xctest "
        + "--testing-library swift-testing --filter FileTypesScriptTests"

    /// The repository root (where `Package.swift` is).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The generated module.
    static let scriptURL = root.appendingPathComponent("Sources/Gateway/Resources/Public/js/file-types.js")
    /// The generated case list.
    static let casesURL = root.appendingPathComponent("Tests/JavaScript/fixtures/file-type-cases.json")

    /// The noun a category's display names end with.
    static let categoryNames: [(FileCategory, String)] = [
        (.image, "image"), (.audio, "audio"), (.video, "video"), (.pdf, "document"), (.archive, "archive"),
        (.spreadsheet, "spreadsheet"), (.presentation, "presentation"), (.document, "document"),
        (.text, "text"), (.executable, "program"), (.unknown, "file"),
    ]

    /// One row of the generated table.
    struct Row: Encodable {
        var mime: String
        var aliases: [String]
        var extensions: [String]
        var category: String
        var inline: Bool
        var displayName: String
    }

    static func row(_ entry: FileTypeEntry) -> Row {
        let noun = categoryNames.first { $0.0 == entry.category }?.1 ?? "file"
        let label = entry.extensions.first.map { $0.uppercased() + " " + noun } ?? noun
        return Row(
            mime: entry.mimeType, aliases: entry.aliases, extensions: entry.extensions,
            category: entry.category.rawValue, inline: entry.isInlinePreviewable, displayName: label)
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    /// The text of `file-types.js`.
    static func render() -> String {
        let rows = FileTypeTable.entries.map { "    " + json(row($0)) + "," }.joined(separator: "\n")
        let names = categoryNames.map { "    \($0.0.rawValue): \(json($0.1))," }.joined(separator: "\n")
        let generic = MIMEEssence.genericTypes.sorted().map(json).joined(separator: ", ")
        return header + """
            /** @type {ReadonlyArray<FileTypeEntry>} */
            export const fileTypes = Object.freeze([
            \(rows)
            ]);

            /** Declared types that say nothing about the content: treated as no type at all. */
            export const genericMimeTypes = Object.freeze([\(generic)]);

            /** The noun of each category, for display names (`PDF document`, `ZIP archive`). */
            export const categoryNames = Object.freeze({
            \(names)
            });

            """ + logic
    }

    static let header = """
        // GENERATED from Sources/WebMessaging/FileTypes/FileTypeTable.swift — do not edit by hand.
        // Regenerate (after changing the Swift table):
        //   \(regenerateCommand)
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


        """

    static let logic = #"""
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

        """#
}
