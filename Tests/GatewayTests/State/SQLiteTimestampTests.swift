import Foundation
import GRDB
import Testing

@testable import Gateway

@Suite("SQLite timestamps written without a DateFormatter")
struct SQLiteTimestampTests {
    @Test("The text is GRDB's own for dates across four centuries, fractions and boundaries included")
    func matchesGRDB() {
        var generator = SystemRandomNumberGenerator()
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_800_000_000),
            Date(timeIntervalSince1970: 1_800_000_000.9995), Date(timeIntervalSince1970: 1_800_000_000.0005),
            Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.999),  // 2100-02-28 23:59:59.999
            Date(timeIntervalSince1970: 1_000_000_000.123456),
        ]
        for _ in 0..<5_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<7_258_118_400, using: &generator)))
        }
        for _ in 0..<5_000 {
            let whole = Double(Int.random(in: 1_700_000_000..<1_900_000_000, using: &generator))
            dates.append(Date(timeIntervalSince1970: whole + Double(Int.random(in: 0..<1000)) / 1000))
        }
        var mismatches: [String] = []
        for date in dates {
            let grdb = String.fromDatabaseValue(date.databaseValue) ?? "?"
            let ours = SQLiteTimestamp.text(date)
            if grdb != ours { mismatches.append("\(date.timeIntervalSince1970): GRDB \(grdb), ours \(ours)") }
        }
        let count = mismatches.count
        let first = mismatches.prefix(3).joined(separator: "; ")
        #expect(count == 0, "\(count) of \(dates.count) differ, e.g. \(first)")
    }

    @Test("GRDB reads the text back as the same instant, to the millisecond")
    func readsBack() {
        let date = Date(timeIntervalSince1970: 1_800_000_123.456)
        let read = Date.fromDatabaseValue(SQLiteTimestamp.text(date).databaseValue)
        #expect(read.map { abs($0.timeIntervalSince(date)) < 0.000_5 } == true)
    }
}
