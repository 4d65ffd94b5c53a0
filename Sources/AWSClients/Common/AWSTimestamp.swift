import Foundation

/// Parses the timestamps AWS sends: ISO 8601 in XML bodies and events, HTTP dates in headers.
enum AWSTimestamp {
    /// Parses `2026-11-25T22:00:00.123Z` (AWS), `2026-11-25T22:00:00.123456` (moto, no zone: read
    /// as UTC) and `±hh:mm` offsets.
    /// - Returns: the instant, or `nil` when the text is not such a timestamp.
    static func parseISO8601(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        guard scalars.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = scalars[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard scalars[4] == 0x2D, scalars[7] == 0x2D, scalars[10] == 0x54 || scalars[10] == 0x20,
            scalars[13] == 0x3A, scalars[16] == 0x3A,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < scalars.count, scalars[index] >= 0x30, scalars[index] <= 0x39 {
                fraction += Double(scalars[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds = 0
        if index < scalars.count {
            switch scalars[index] {
            case 0x5A, 0x7A:  // Z
                index += 1
            case 0x2B, 0x2D:  // + -
                let sign = scalars[index] == 0x2B ? 1 : -1
                guard scalars.count == index + 6, scalars[index + 3] == 0x3A,
                    let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6)
                else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
                index += 6
            default:
                return nil
            }
        }
        guard index == scalars.count else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second
        )
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61,
            let date = calendar.date(from: components)
        else { return nil }
        return date.addingTimeInterval(fraction - Double(offsetSeconds))
    }

    /// Parses an IMF-fixdate HTTP date such as `Wed, 25 Nov 2026 22:00:00 GMT`.
    /// - Returns: the instant, or `nil` when the text is not such a date.
    static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT" else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let monthIndex = months.firstIndex(of: String(parts[2])), let day = Int(parts[1]),
            let year = Int(parts[3])
        else { return nil }
        let iso = String(format: "%04d-%02d-%02d", year, monthIndex + 1, day) + "T" + parts[4] + "Z"
        return parseISO8601(iso)
    }

    /// Formats an instant as ISO 8601 with milliseconds and `Z`.
    static func formatISO8601(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let millis = (parts.nanosecond ?? 0) / 1_000_000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
            parts.second ?? 0, millis
        )
    }
}
