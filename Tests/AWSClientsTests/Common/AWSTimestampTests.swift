import Foundation
import Testing

@testable import AWSClients

@Suite("AWS timestamps")
struct AWSTimestampTests {
    @Test(
        "ISO 8601 with and without zone, fraction or offset",
        arguments: [
            ("2026-11-25T22:00:00Z", 1_795_644_000.0),
            ("2026-11-25T22:00:00.500Z", 1_795_644_000.5),
            ("2026-11-25T22:00:00.5", 1_795_644_000.5),
            ("2026-11-25T22:00:00", 1_795_644_000.0),
            ("2026-11-25T23:30:00+01:30", 1_795_644_000.0),
            ("2026-11-25T20:00:00-02:00", 1_795_644_000.0),
        ]
    )
    func iso8601(text: String, seconds: Double) throws {
        let date = try #require(AWSTimestamp.parseISO8601(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_5)
    }

    @Test(
        "Malformed timestamps are rejected",
        arguments: [
            "", "2026-11-25", "2026-13-25T22:00:00Z", "2026-11-25T22:00:00.Z", "2026-11-25T22:00:00Zjunk",
            "2026/11/25T22:00:00Z", "2026-11-25T22:00:00+0100",
        ]
    )
    func malformed(text: String) {
        #expect(AWSTimestamp.parseISO8601(text) == nil)
    }

    @Test("HTTP dates from Last-Modified headers")
    func httpDate() {
        #expect(
            AWSTimestamp.parseHTTPDate("Wed, 25 Nov 2026 22:00:00 GMT")
                == Date(timeIntervalSince1970: 1_795_644_000))
        #expect(AWSTimestamp.parseHTTPDate("Wed, 25 Nov 2026 22:00:00 PST") == nil)
        #expect(AWSTimestamp.parseHTTPDate("yesterday") == nil)
    }

    @Test("Formatting gives milliseconds and Z, and parses back")
    func format() {
        let date = Date(timeIntervalSince1970: 1_795_644_000.25)
        #expect(AWSTimestamp.formatISO8601(date) == "2026-11-25T22:00:00.250Z")
        #expect(AWSTimestamp.parseISO8601(AWSTimestamp.formatISO8601(date)) == date)
    }
}
