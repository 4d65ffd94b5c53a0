import Foundation

/// The SigV4 timestamp (`YYYYMMDD'T'HHMMSS'Z'`, UTC) and its date stamp (`YYYYMMDD`).
///
/// Formatted by hand from the Unix time: no `DateFormatter`, no calendar, no locale.
struct AMZDate: Sendable, Equatable {
    /// `20130524T000000Z`.
    let timestamp: String
    /// `20130524`.
    let dateStamp: String

    /// The timestamp of `date`, truncated to whole seconds.
    init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = Self.civil(fromDays: days)
        var bytes = [UInt8](repeating: 0x30, count: 16)
        Self.write(year, width: 4, into: &bytes, at: 0)
        Self.write(month, width: 2, into: &bytes, at: 4)
        Self.write(day, width: 2, into: &bytes, at: 6)
        bytes[8] = UInt8(ascii: "T")
        Self.write(secondOfDay / 3600, width: 2, into: &bytes, at: 9)
        Self.write(secondOfDay / 60 % 60, width: 2, into: &bytes, at: 11)
        Self.write(secondOfDay % 60, width: 2, into: &bytes, at: 13)
        bytes[15] = UInt8(ascii: "Z")
        timestamp = String(decoding: bytes, as: UTF8.self)
        dateStamp = String(decoding: bytes[0..<8], as: UTF8.self)
    }

    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func write(_ value: Int, width: Int, into bytes: inout [UInt8], at offset: Int) {
        var remaining = value
        for index in stride(from: offset + width - 1, through: offset, by: -1) {
            bytes[index] = UInt8(0x30 + remaining % 10)
            remaining /= 10
        }
    }
}
