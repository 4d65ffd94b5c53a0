import Foundation

/// Genesys's timestamp format: ISO-8601 in UTC with milliseconds, `2026-11-25T22:42:11.123Z`.
public enum PlatformTime {
    /// Formats a date the way the Platform API does.
    public static func string(from date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .gmt)
        )
    }

    /// Parses a Platform API timestamp (with or without milliseconds).
    public static func date(from string: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(string) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(string)
    }
}
