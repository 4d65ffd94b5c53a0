import AWSSigning
import Foundation

/// GRDB's stored text of a `Date` (`yyyy-MM-dd HH:mm:ss.SSS`, UTC, rounded to the nearest
/// millisecond), written byte by byte for the inserts every upload ticket makes: GRDB formats each
/// `Date` argument through a `DateFormatter` (ICU), a measurable share of a ticket.
///
/// The text is exactly GRDB's, so rows read back as the same `Date` whichever wrote them
/// (`SQLiteTimestampTests` compares the two on many dates).
enum SQLiteTimestamp {
    /// The stored text of `date`.
    static func text(_ date: Date) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(23)
        CivilCalendar.appendDateTime(
            millisecondsSince1970: Int((date.timeIntervalSince1970 * 1000).rounded(.toNearestOrAwayFromZero)),
            separator: UInt8(ascii: " "), withMilliseconds: true, to: &text)
        return String(decoding: text, as: UTF8.self)
    }
}
