import NIOCore
import Testing

@testable import Clamd

@Suite("INSTREAM framing")
struct InstreamFramingTests {
    @Test("Chunk headers are 4-byte big-endian lengths; the terminator is a zero length")
    func headers() {
        #expect(Array(InstreamFraming.header(length: 0x0102_0304).readableBytesView) == [1, 2, 3, 4])
        #expect(Array(InstreamFraming.header(length: 5).readableBytesView) == [0, 0, 0, 5])
        #expect(Array(InstreamFraming.terminator.readableBytesView) == [0, 0, 0, 0])
        #expect(Array(InstreamFraming.commandBytes("zINSTREAM").readableBytesView) == Array("zINSTREAM\0".utf8))
    }

    @Test(
        "Buffers are split into slices of at most the chunk size, in order, with nothing lost",
        arguments: [(0, 4), (1, 4), (4, 4), (5, 4), (10, 3), (1000, 1000), (1001, 1000)]
    )
    func slices(total: Int, maximum: Int) {
        let bytes = (0..<total).map { UInt8(truncatingIfNeeded: $0) }
        let slices = InstreamFraming.slices(of: ByteBuffer(bytes: bytes), maximumLength: maximum)
        #expect(slices.allSatisfy { $0.readableBytes > 0 && $0.readableBytes <= maximum })
        #expect(slices.count == (total + maximum - 1) / maximum)
        #expect(slices.flatMap { Array($0.readableBytesView) } == bytes)
    }
}
