import Foundation

/// The object tags the pipeline writes: on promoted objects `attache-scan=clean`, the scanner
/// version and the scan time; on rejected ones `attache-scan=rejected` and the reason.
public enum ScanTags {
    /// `clean` or `rejected`.
    public static let scan = "attache-scan"
    /// The scanner's version string.
    public static let scanner = "attache-scanner"
    /// When the scan finished, ISO 8601 UTC.
    public static let scannedAt = "attache-scanned-at"
    /// The rejection reason's code.
    public static let reason = "attache-reason"
    /// The rejection reason's detail (a signature name, say).
    public static let detail = "attache-detail"

    /// `text` limited to what S3 accepts in a tag value (letters, digits, spaces and `+-=._:/@`)
    /// and 256 characters; anything else becomes `_`.
    public static func value(_ text: String) -> String {
        let allowed = Set("+-=._:/@ ")
        let mapped = text.unicodeScalars.prefix(256).map { scalar -> Character in
            let character = Character(scalar)
            let isAlphanumeric = scalar.isASCII && (character.isLetter || character.isNumber)
            return isAlphanumeric || allowed.contains(character) ? character : "_"
        }
        return String(mapped)
    }

    /// `2026-11-25T23:10:00Z`.
    public static func timestamp(_ date: Date) -> String {
        var formatter = Date.ISO8601FormatStyle()
        formatter.timeZone = TimeZone(identifier: "UTC") ?? .current
        return date.formatted(formatter)
    }
}
