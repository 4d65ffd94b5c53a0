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
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.toNearestOrAwayFromZero))
        let millisecond = ((milliseconds % 1000) + 1000) % 1000
        let time = CivilCalendar.utc(secondsSince1970: (milliseconds - millisecond) / 1000)
        var text: [UInt8] = []
        text.reserveCapacity(23)
        CivilCalendar.appendDigits(time.year, width: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        CivilCalendar.appendDigits(time.month, width: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        CivilCalendar.appendDigits(time.day, width: 2, to: &text)
        text.append(UInt8(ascii: " "))
        CivilCalendar.appendDigits(time.hour, width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        CivilCalendar.appendDigits(time.minute, width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        CivilCalendar.appendDigits(time.second, width: 2, to: &text)
        text.append(UInt8(ascii: "."))
        CivilCalendar.appendDigits(millisecond, width: 3, to: &text)
        return String(decoding: text, as: UTF8.self)
    }
}
