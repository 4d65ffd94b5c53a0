/// MIME type normalisation: `Audio/OGG; codecs="opus"` → `audio/ogg`.
public enum MIMEEssence {
    /// Declared types that say nothing about the content; treated as if no type was declared.
    public static let genericTypes: Set<String> = [
        "application/octet-stream", "binary/octet-stream", "application/binary", "application/unknown",
        "application/x-unknown", "application/download", "application/x-download", "application/force-download",
        "unknown/unknown", "*/*", "application/*",
    ]

    /// The lowercase `type/subtype` without parameters, or `nil` when the text is not a MIME type.
    public static func normalize(_ mimeType: String) -> String? {
        let essence = mimeType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = essence.trimmingASCIIWhitespace().lowercased()
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            trimmed.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            return nil
        }
        return trimmed
    }

    /// The normalised type, or `nil` when absent, invalid or generic (`application/octet-stream`).
    public static func meaningful(_ mimeType: String?) -> String? {
        guard let mimeType, let essence = normalize(mimeType), !genericTypes.contains(essence) else { return nil }
        return essence
    }

    /// The `type` part (`audio` for `audio/ogg`).
    public static func topLevel(of essence: String) -> String {
        String(essence.prefix { $0 != "/" })
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let view = Substring(self)
        guard let start = view.firstIndex(where: { !isSpace($0) }),
            let end = view.lastIndex(where: { !isSpace($0) })
        else {
            return ""
        }
        return view[start...end]
    }
}
