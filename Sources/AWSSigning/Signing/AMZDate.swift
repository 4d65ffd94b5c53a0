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
        let (year, month, day) = CivilCalendar.date(fromDays: days)
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

    private static func write(_ value: Int, width: Int, into bytes: inout [UInt8], at offset: Int) {
        var remaining = value
        for index in stride(from: offset + width - 1, through: offset, by: -1) {
            bytes[index] = UInt8(0x30 + remaining % 10)
            remaining /= 10
        }
    }
}
