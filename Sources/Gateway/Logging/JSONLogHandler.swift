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
        // One JSON object with sorted keys; the four fixed fields win over metadata of their names.
        var object = metadata.merging(event.metadata ?? [:]) { _, new in new }
        object["ts"] = .string(Self.timestamp(Date()))
        object["level"] = .string(event.level.rawValue)
        object["label"] = .string(label)
        object["msg"] = .string(event.message.description)
        var line: [UInt8] = []
        line.reserveCapacity(256)
        JSONText.appendValue(.dictionary(object), to: &line)
        line.append(UInt8(ascii: "\n"))
        write(String(decoding: line, as: UTF8.self))
    }

    /// `2026-11-26T10:52:03.123Z`: UTC, milliseconds.
    static func timestamp(_ date: Date) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(24)
        CivilCalendar.appendDateTime(
            millisecondsSince1970: Int((date.timeIntervalSince1970 * 1000).rounded(.down)),
            separator: UInt8(ascii: "T"), withMilliseconds: true, to: &text)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
