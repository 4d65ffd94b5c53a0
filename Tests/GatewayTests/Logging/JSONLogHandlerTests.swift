import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

@Suite("JSON log handler")
struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let storage = NIOLockedValueBox<[String]>([])
        func append(_ line: String) { storage.withLockedValue { $0.append(line) } }
        var all: [String] { storage.withLockedValue { $0 } }
    }

    @Test("Each event is one JSON object per line with level, label, message and metadata")
    func oneObjectPerLine() throws {
        let lines = Lines()
        var logger = Logger(label: "attache.test") { label in
            JSONLogHandler(label: label, level: .info) { lines.append($0) }
        }
        logger[metadataKey: "replica"] = "a"
        logger.debug("not written")
        logger.info("upload ticket issued", metadata: ["file": "f1", "parts": .array(["1", "2"])])
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "attache.test")
        #expect(object["msg"] as? String == "upload ticket issued")
        #expect(object["file"] as? String == "f1")
        #expect(object["parts"] as? [String] == ["1", "2"])
        #expect(object["replica"] as? String == "a")
        #expect((object["ts"] as? String)?.hasSuffix("Z") == true)
    }

    @Test("Timestamps: UTC with milliseconds, as Foundation's ISO 8601 format writes them")
    func timestamps() {
        var generator = SystemRandomNumberGenerator()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        // Mid-millisecond instants, so that both sides truncate the same floating-point value.
        var dates = [
            Date(timeIntervalSince1970: 0.0004), Date(timeIntervalSince1970: 951_782_400.5004),  // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.9994), Date(timeIntervalSince1970: -0.0006),
        ]
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)
            dates.append(Date(timeIntervalSince1970: (Double(milliseconds) + 0.5) / 1000))
        }
        for date in dates {
            #expect(JSONLogHandler.timestamp(date) == date.formatted(style), "\(date.timeIntervalSince1970)")
        }
    }

    @Test("Quotes, backslashes, control characters and non-ASCII text survive a JSON parser; keys are sorted")
    func escaping() throws {
        let lines = Lines()
        let logger = Logger(label: "attache.test") { label in
            JSONLogHandler(label: label, level: .info) { lines.append($0) }
        }
        let hostile = "a \"quoted\" \\ back/slash\n\r\t\u{0}\u{1F}\u{7F} émoji 🎉"
        logger.info(
            "\(hostile)",
            metadata: [
                "zeta": .string(hostile), "alpha": .dictionary(["b": "2", "a": .array(["x", .string(hostile)])]),
            ])
        let line = try #require(lines.all.first)
        #expect(line.filter { $0 == "\n" }.count == 1, "one line")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == hostile)
        #expect(object["zeta"] as? String == hostile)
        let alpha = try #require(object["alpha"] as? [String: Any])
        #expect(alpha["b"] as? String == "2")
        #expect(alpha["a"] as? [String] == ["x", hostile])
        let keys = ["alpha", "label", "level", "msg", "ts", "zeta"]
        let positions = keys.compactMap { line.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted(), "top-level keys sorted")
        #expect(line.range(of: #"{"a":["x","#) != nil, "nested keys sorted")
    }
}
