import AWSSigning
import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line to standard error.
///
/// Fields: `ts` (ISO-8601 with milliseconds, UTC), `level`, `label`, `msg`, then the metadata
/// (nested metadata as JSON objects/arrays). Suited to log pipelines; select it with
/// `ATTACHE_LOG_FORMAT=json`.
public struct JSONLogHandler: LogHandler {
    /// Minimum level written.
    public var logLevel: Logger.Level
    /// Metadata attached to every line.
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let write: @Sendable (String) -> Void

    /// Creates a handler writing to standard error.
    public init(label: String, level: Logger.Level = .info) {
        self.init(label: label, level: level) { line in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Creates a handler writing each line through `write` (tests capture lines this way).
    public init(label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(key: String, value: Logger.Metadata.Value)] = [
            ("ts", .string(Self.timestamp(Date()))),
            ("level", .string(event.level.rawValue)),
            ("label", .string(label)),
            ("msg", .string(event.message.description)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged where !Self.fixedKeys.contains(key) {
            fields.append((key, value))
        }
        fields.sort { $0.key < $1.key }
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            JSONText.appendString(field.key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONText.appendValue(field.value, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        write(String(decoding: line, as: UTF8.self))
    }

    /// The fields every line has; metadata under these names is left out.
    private static let fixedKeys: Set<String> = ["ts", "level", "label", "msg"]

    /// `2026-11-26T10:52:03.123Z`: UTC, milliseconds.
    static func timestamp(_ date: Date) -> String {
        func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
            return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
        }
        let (seconds, millisecond) = floorDivision(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)), 1000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = CivilCalendar.date(fromDays: Int(days))
        let second = Int(secondOfDay)
        var text = [UInt8]()
        text.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var remaining = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(remaining / divisor % 10))
                remaining %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        text.append(UInt8(ascii: "-"))
        digits(month, 2)
        text.append(UInt8(ascii: "-"))
        digits(day, 2)
        text.append(UInt8(ascii: "T"))
        digits(second / 3600, 2)
        text.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2)
        text.append(UInt8(ascii: ":"))
        digits(second % 60, 2)
        text.append(UInt8(ascii: "."))
        digits(Int(millisecond), 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
