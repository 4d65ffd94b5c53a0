/// Calendar arithmetic without Foundation, for the timestamps written on hot paths (SigV4's
/// `X-Amz-Date`, log lines).
public enum CivilCalendar {
    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
    /// days-to-civil algorithm), for any day count, negative ones included.
    public static func date(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
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

    /// The UTC calendar date and time of day of a Unix time in whole seconds (rounded towards
    /// the past, so negative times fall on the day before 1970).
    public static func utc(
        secondsSince1970 seconds: Int
    ) -> (
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    ) {
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        let (year, month, day) = date(fromDays: (seconds - secondOfDay) / 86_400)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    /// Appends the UTC date and time of a Unix time in milliseconds as
    /// `YYYY-MM-DD<separator>hh:mm:ss`, then `.mmm` when `withMilliseconds` (ISO 8601 with `T`,
    /// SQL with a space); the caller adds any zone designator.
    public static func appendDateTime(
        millisecondsSince1970 milliseconds: Int, separator: UInt8, withMilliseconds: Bool, to bytes: inout [UInt8]
    ) {
        let millisecond = ((milliseconds % 1000) + 1000) % 1000
        let time = utc(secondsSince1970: (milliseconds - millisecond) / 1000)
        // Straight-line (no array of fields): this runs for every log line and every stored date.
        appendDigits(time.year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(time.month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(time.day, width: 2, to: &bytes)
        bytes.append(separator)
        appendDigits(time.hour, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(time.minute, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(time.second, width: 2, to: &bytes)
        if withMilliseconds {
            bytes.append(UInt8(ascii: "."))
            appendDigits(millisecond, width: 3, to: &bytes)
        }
    }

    /// Appends `value` (non-negative) in decimal, zero-padded to `width` digits.
    public static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var remaining = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            bytes[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
    }
}
