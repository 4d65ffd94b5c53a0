import Foundation
import TestSupport
import Testing

@testable import AWSSigning

@Suite("SigV4 timestamps")
struct AMZDateTests {
    @Test(
        "Unix times format as YYYYMMDD'T'HHMMSS'Z' in UTC, fractions truncated",
        arguments: [
            (0.0, "19700101T000000Z"),
            (1_369_353_600.0, "20130524T000000Z"),
            (1_440_938_160.999, "20150830T123600Z"),
            (951_782_400.0, "20000229T000000Z"),
            (1_795_651_199.0, "20261125T235959Z"),
            (4_102_444_800.0, "21000101T000000Z"),
            (-1.0, "19691231T235959Z"),
        ])
    func formats(seconds: Double, expected: String) {
        let date = AMZDate(Date(timeIntervalSince1970: seconds))
        #expect(date.timestamp == expected)
        #expect(date.dateStamp == String(expected.prefix(8)))
    }

    @Test("Agrees with Foundation's formatter over many random instants")
    func agreesWithFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_800, using: &generator)))
            #expect(AMZDate(date).timestamp == formatter.string(from: date))
        }
    }
}
