import Foundation

/// The system message the recovery posts: "A file was received: NAME (TYPE, SIZE)", with the
/// file id in the metadata key `attacheFileId`.
public struct RecoveryNotice: Sendable, Equatable {
    /// The message text.
    public var text: String
    /// The message metadata.
    public var metadata: [String: String]

    /// The metadata key carrying the file id (the same key guest messages use).
    public static let fileIdKey = "attacheFileId"

    /// The notice for a candidate.
    public init(for candidate: RecoveryCandidate) {
        let name = Self.plain(candidate.filename, limit: 200)
        let type = Self.plain(candidate.contentType, limit: 100)
        text = "A file was received: \(name) (\(type), \(Self.size(candidate.size)))"
        metadata = [Self.fileIdKey: candidate.fileId]
    }

    /// A human size: bytes below 1 KB, else one decimal in KB, MB or GB (1 KB = 1024 bytes).
    public static func size(_ bytes: Int64) -> String {
        guard bytes >= 1024 else { return bytes == 1 ? "1 byte" : "\(max(0, bytes)) bytes" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
        return "\(text) \(units[unit])"
    }

    /// One line of plain text: control characters become spaces, at most `limit` characters.
    static func plain(_ value: String, limit: Int) -> String {
        let cleaned = String(
            String.UnicodeScalarView(
                value.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : $0 }))
        return cleaned.count > limit ? String(cleaned.prefix(limit - 1)) + "…" : cleaned
    }
}
