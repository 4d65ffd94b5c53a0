import Foundation
import Logging
import Synchronization
import Testing

@testable import Gateway

@Suite("JSON log handler")
struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let storage = Mutex<[String]>([])
        func append(_ line: String) { storage.withLock { $0.append(line) } }
        var all: [String] { storage.withLock { $0 } }
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
}
