import NIOCore
import Testing

@testable import Gateway

@Suite("ZIP listing from the central directory")
struct ZipCentralDirectoryReaderTests {
    func list(_ bytes: [UInt8], limits: ZipLimits = ZipLimits()) -> ZipListing {
        let tail = Array(bytes.suffix(limits.tailBytes))
        return ZipCentralDirectoryReader(limits: limits).list(tail: tail, archiveSize: Int64(bytes.count))
    }

    @Test("A normal archive lists every entry with sizes, folders and no warnings")
    func normalArchive() {
        let zip = ZipBuilder(entries: [
            .init("docs/"), .init("docs/readme.txt", "hello world"), .init("photo.jpg", "not really a jpeg"),
        ]).build()
        let listing = list(zip)
        #expect(listing.status == .listed)
        #expect(listing.reason == "")
        #expect(listing.entryCount == 3)
        #expect(listing.entries.map(\.name) == ["docs/", "docs/readme.txt", "photo.jpg"])
        #expect(listing.entries.map(\.isDirectory) == [true, false, false])
        #expect(listing.entries[1].size == 11)
        #expect(listing.totalUncompressedSize == 28)
        #expect(listing.unsafeEntryCount == 0)
        #expect(listing.entries.allSatisfy { $0.warnings.isEmpty })
    }

    @Test(
        "Unsafe names are flagged, never hidden",
        arguments: [
            ("../../etc/passwd", "path-traversal"),
            ("a/../../b.txt", "path-traversal"),
            ("..\\windows\\system.ini", "path-traversal"),
            ("/etc/shadow", "absolute-path"),
            ("C:\\boot.ini", "absolute-path"),
            ("ok\u{1}name.txt", "control-characters"),
            ("dir\\file.txt", "backslash"),
        ])
    func unsafeNames(name: String, warning: String) {
        let listing = list(ZipBuilder(entries: [.init(name, "x"), .init("fine.txt", "y")]).build())
        #expect(listing.status == .listed)
        #expect(listing.entries[0].warnings.contains(warning), "\(listing.entries[0])")
        #expect(listing.entries[1].warnings.isEmpty)
        let unsafe = ["path-traversal", "absolute-path"].contains(warning) ? 1 : 0
        #expect(listing.unsafeEntryCount == unsafe)
    }

    @Test("A NUL in a name is flagged and shown as a replacement character")
    func nulInName() {
        let listing = list(
            ZipBuilder(entries: [.init(rawName: Array("evil.txt".utf8) + [0] + Array(".exe".utf8))]).build())
        #expect(listing.entries[0].warnings.contains("nul-in-name"))
        #expect(listing.entries[0].name == "evil.txt\u{FFFD}.exe")
        #expect(listing.unsafeEntryCount == 1)
    }

    @Test("An entry expanding far beyond its compressed size is refused as a zip bomb")
    func ratioBomb() {
        let zip = ZipBuilder(entries: [
            .init("bomb.bin", "0123456789", compressed: 10, uncompressed: 100 * 1024 * 1024)
        ]).build()
        let listing = list(zip)
        #expect(listing.status == .refused)
        #expect(listing.reason == "zip-bomb")
        #expect(listing.entries.isEmpty)
    }

    @Test("A small entry that compresses well is not a bomb")
    func smallWellCompressed() {
        let zip = ZipBuilder(entries: [.init("zeros.txt", "0123456789", compressed: 10, uncompressed: 100_000)]).build()
        #expect(list(zip).status == .listed)
    }

    @Test("A total expansion over the limit is refused as a zip bomb")
    func totalBomb() {
        let limits = ZipLimits(maxTotalUncompressedBytes: 1_000, maxCompressionRatio: 1_000_000)
        let zip = ZipBuilder(entries: [
            .init("a", "aaaa", uncompressed: 600), .init("b", "bbbb", uncompressed: 600),
        ]).build()
        let listing = list(zip, limits: limits)
        #expect(listing.status == .refused)
        #expect(listing.reason == "zip-bomb")
        #expect(listing.totalUncompressedSize == 1_200)
    }

    @Test("Entries sharing their data (a non-recursive zip bomb) are refused")
    func overlappingEntries() {
        var builder = ZipBuilder(entries: [.init("one.txt", "payload"), .init("two.txt", "payload")])
        builder.entries[1].offset = 0
        let listing = list(builder.build())
        #expect(listing.status == .refused)
        #expect(listing.reason == "overlapping-entries")
    }

    @Test("More entries than allowed are refused before the directory is read")
    func tooManyEntries() {
        let entries = (0..<6).map { ZipBuilder.Entry("f\($0).txt", "x") }
        let listing = list(ZipBuilder(entries: entries).build(), limits: ZipLimits(maxEntries: 5))
        #expect(listing.status == .refused)
        #expect(listing.reason == "too-many-entries")
        #expect(listing.entryCount == 6)
    }

    @Test("An end record claiming 65,535 entries is refused by the default limit")
    func hugeClaim() {
        var builder = ZipBuilder(entries: [.init("a.txt", "x")])
        builder.statedCount = 65_535
        #expect(list(builder.build()).reason == "too-many-entries")
    }

    @Test("Beyond the listed maximum, the listing is limited and says how many there are")
    func limitedListing() {
        let entries = (0..<5).map { ZipBuilder.Entry("f\($0).txt", "x") }
        let listing = list(ZipBuilder(entries: entries).build(), limits: ZipLimits(maxListedEntries: 2))
        #expect(listing.status == .limited)
        #expect(listing.reason == "truncated")
        #expect(listing.entries.count == 2)
        #expect(listing.entryCount == 5)
    }

    @Test("Zip64 end records and extra fields are read")
    func zip64() {
        var builder = ZipBuilder(entries: [.init("big.txt", "abc"), .init("small.txt", "de")])
        builder.zip64 = true
        let listing = list(builder.build())
        #expect(listing.status == .listed, "\(listing)")
        #expect(listing.entries.map(\.size) == [3, 2])
    }

    @Test("A zip64 end record claiming an offset beyond Int64 is refused as corrupt, without trapping")
    func hugeDirectoryOffset() {
        var builder = ZipBuilder(entries: [.init("a.txt", "x")])
        builder.zip64 = true
        builder.statedDirectoryOffset = .max
        let listing = list(builder.build())
        #expect(listing.status == .refused)
        #expect(listing.reason == "corrupt")
    }

    @Test("A zip64 entry claiming a compressed size of UInt64.max is refused, without trapping")
    func hugeCompressedSize() {
        var entry = ZipBuilder.Entry("a.txt", "x")
        entry.declaredCompressed = .max
        entry.declaredUncompressed = 10
        var builder = ZipBuilder(entries: [entry])
        builder.zip64 = true
        #expect(list(builder.build()).status == .refused)
    }

    @Test("An archive comment does not hide the end record")
    func comment() {
        var builder = ZipBuilder(entries: [.init("a.txt", "x")])
        builder.comment = Array("PK\u{5}\u{6} looks like a signature".utf8)
        #expect(list(builder.build()).status == .listed)
    }

    @Test("An end record claiming more entries than the directory holds is corrupt")
    func countMismatch() {
        var builder = ZipBuilder(entries: [.init("a.txt", "x"), .init("b.txt", "y")])
        builder.statedCount = 40
        let listing = list(builder.build())
        #expect(listing.status == .refused)
        #expect(listing.reason == "corrupt")
    }

    @Test(
        "Truncated, corrupt or non-ZIP bytes are refused with a reason",
        arguments: [
            ("empty", [UInt8](), "not-zip"),
            ("text", Array("just some text, not an archive at all".utf8), "not-zip"),
        ])
    func notZip(label: String, bytes: [UInt8], reason: String) {
        let listing = list(bytes)
        #expect(listing.status == .refused)
        #expect(listing.reason == reason)
    }

    @Test("A central directory cut in the middle is corrupt; a missing end record is not a ZIP")
    func truncated() {
        let zip = ZipBuilder(entries: [.init("a.txt", "hello"), .init("b.txt", "world")]).build()
        // Drop bytes of the central directory while keeping the end record.
        var cut = zip
        cut.removeSubrange((zip.count - 40)..<(zip.count - 25))
        #expect(list(cut).reason == "corrupt")
        #expect(list(Array(zip.dropLast(10))).reason == "not-zip")
    }

    @Test("A central directory larger than allowed is refused")
    func largeDirectory() {
        let entries = (0..<50).map { ZipBuilder.Entry("entry-with-a-long-name-\($0).txt", "x") }
        let listing = list(ZipBuilder(entries: entries).build(), limits: ZipLimits(maxCentralDirectoryBytes: 256))
        #expect(listing.reason == "central-directory-too-large")
    }

    @Test("The tail collector keeps only the last bytes and counts them all")
    func tailCollector() async throws {
        let chunks = (0..<10).map { index in ByteBuffer(bytes: [UInt8](repeating: UInt8(index), count: 100)) }
        let (tail, size) = try await ZipTailCollector.collect(
            AsyncStream { continuation in
                for chunk in chunks { continuation.yield(chunk) }
                continuation.finish()
            }, keep: 150, maxTotal: 10_000)
        #expect(size == 1_000)
        #expect(tail.count == 150)
        #expect(tail.first == 8 && tail.last == 9)
        await #expect(throws: ZipTailCollector.TooLarge.self) {
            _ = try await ZipTailCollector.collect(
                AsyncStream { continuation in
                    for chunk in chunks { continuation.yield(chunk) }
                    continuation.finish()
                }, keep: 150, maxTotal: 500)
        }
    }
}
