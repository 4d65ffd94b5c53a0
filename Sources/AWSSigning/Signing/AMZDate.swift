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
        let time = CivilCalendar.utc(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        CivilCalendar.appendDigits(time.year, width: 4, to: &bytes)
        CivilCalendar.appendDigits(time.month, width: 2, to: &bytes)
        CivilCalendar.appendDigits(time.day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        CivilCalendar.appendDigits(time.hour, width: 2, to: &bytes)
        CivilCalendar.appendDigits(time.minute, width: 2, to: &bytes)
        CivilCalendar.appendDigits(time.second, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        timestamp = String(decoding: bytes, as: UTF8.self)
        dateStamp = String(decoding: bytes[0..<8], as: UTF8.self)
    }
}
