import Clamd
import Foundation
import NIOCore
import TestSupport
import Testing

/// Failure handling: every way clamd can fail ends in a typed error, never in `.clean`.
@Suite("ClamdClient failures")
struct ClamdClientExchangeTests {
    static let quick = ClamdClient.Configuration(
        connectTimeout: .seconds(2),
        readTimeout: .milliseconds(500),
        writeTimeout: .milliseconds(500)
    )

    /// 64 MiB produced lazily in 256 KiB buffers: more than any socket buffer holds.
    static var endless: AsyncStream<ByteBuffer> {
        let block = ByteBuffer(bytes: TestData.cleanBytes(256 * 1024))
        return AsyncStream { continuation in
            for _ in 0..<256 { continuation.yield(block) }
            continuation.finish()
        }
    }

    static func code(of error: any Error) -> String? { (error as? ClamdError)?.code }

    @Test("A closed port is connectionFailed naming the address")
    func closedPort() async throws {
        let port = try await freeLoopbackPort()
        let clamd = ClamdClient(address: .tcp(host: "127.0.0.1", port: port), configuration: Self.quick)
        await #expect {
            try await clamd.scan(bytes: TestData.cleanBytes(10))
        } throws: { error in
            guard let error = error as? ClamdError, case .connectionFailed(let address, _) = error else { return false }
            return address == clamd.address && error.description.contains("127.0.0.1:\(port)")
        }
    }

    @Test("A missing Unix socket is connectionFailed")
    func missingUnixSocket() async {
        let clamd = ClamdClient(address: .unix(path: "/nonexistent/clamd.sock"), configuration: Self.quick)
        await #expect { try await clamd.ping() } throws: { Self.code(of: $0) == "clamd.connection_failed" }
    }

    @Test("A connection that never answers is readTimedOut")
    func silentServer() async throws {
        let fake = try await FakeClamd(.silent)
        defer { fake.stop() }
        let clamd = ClamdClient(address: fake.address, configuration: Self.quick)
        await #expect { try await clamd.ping() } throws: { Self.code(of: $0) == "clamd.read_timeout" }
        await #expect {
            try await clamd.scan(bytes: TestData.cleanBytes(1000))
        } throws: { Self.code(of: $0) == "clamd.read_timeout" }
    }

    @Test("A peer that stops reading is writeTimedOut, not a hang")
    func stalledServer() async throws {
        let fake = try await FakeClamd(.stall)
        defer { fake.stop() }
        let clamd = ClamdClient(address: fake.address, configuration: Self.quick)
        let start = ContinuousClock.now
        await #expect {
            try await clamd.scan(Self.endless)
        } throws: { error in
            // write_timeout is what a stalled peer produces; once, on a heavily loaded machine, a
            // read_timeout was seen instead. Either way the scan ended in a timeout, not a hang.
            ["clamd.write_timeout", "clamd.read_timeout"].contains(Self.code(of: error))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test("A hang-up mid-stream is connectionClosed")
    func hangUpMidStream() async throws {
        let fake = try await FakeClamd(.hangUp(afterBytes: 100_000))
        defer { fake.stop() }
        let clamd = ClamdClient(address: fake.address, configuration: Self.quick)
        await #expect { try await clamd.scan(Self.endless) } throws: { Self.code(of: $0) == "clamd.connection_closed" }
    }

    @Test("An OK that arrives before the stream was fully sent is not accepted as clean")
    func prematureOK() async throws {
        let fake = try await FakeClamd(.reply("stream: OK"))
        defer { fake.stop() }
        let clamd = ClamdClient(address: fake.address, configuration: Self.quick)
        await #expect { try await clamd.scan(Self.endless) } throws: { Self.code(of: $0) == "clamd.connection_closed" }
    }

    @Test("A nonsense reply is unexpectedReply")
    func nonsenseReply() async throws {
        let fake = try await FakeClamd(.reply("HELLO THERE"))
        defer { fake.stop() }
        let clamd = ClamdClient(address: fake.address, configuration: Self.quick)
        await #expect { try await clamd.ping() } throws: { Self.code(of: $0) == "clamd.unexpected_reply" }
    }

    @Test(
        "Over StreamMaxLength is streamTooLarge; under it still scans",
        .enabled(if: TestEnvironment.isAvailable(.clamdBinary))
    )
    func streamTooLarge() async throws {
        let own = try await OwnClamd(extraConfiguration: ["StreamMaxLength 1M", "AlertExceedsMax yes"])
        defer { own.stop() }
        let clamd = ClamdClient(address: own.tcpAddress)
        #expect(try await clamd.scan(bytes: TestData.cleanBytes(512 * 1024)) == .clean)
        let ownAddress = own.tcpAddress
        let justOver = Repeated(block: TestData.cleanBytes(64 * 1024), count: 17)
        let farOver = Repeated(block: TestData.cleanBytes(256 * 1024), count: 256)
        for source in [justOver, farOver] {
            await #expect {
                try await clamd.scan(source)
            } throws: { error in
                guard let error = error as? ClamdError, case .streamTooLarge(let address) = error else {
                    return false
                }
                return address == ownAddress
            }
        }
    }

    @Test(
        "Files over MaxFileSize with AlertExceedsMax are infected with Heuristics.Limits.Exceeded",
        .enabled(if: TestEnvironment.isAvailable(.clamdBinary))
    )
    func limitsExceededIsInfected() async throws {
        let own = try await OwnClamd(
            extraConfiguration: ["StreamMaxLength 20M", "MaxFileSize 1M", "MaxScanSize 1M", "AlertExceedsMax yes"]
        )
        defer { own.stop() }
        let result = try await ClamdClient(address: own.tcpAddress).scan(bytes: TestData.cleanBytes(2 << 20))
        #expect(result.isLimitExceeded)
        #expect(!result.isClean)
    }

    @Test(
        "A Unix socket address works like TCP",
        .enabled(if: TestEnvironment.isAvailable(.clamdBinary))
    )
    func unixSocket() async throws {
        let own = try await OwnClamd(extraConfiguration: [], unixSocket: true)
        defer { own.stop() }
        let clamd = ClamdClient(address: try #require(own.unixAddress))
        try await clamd.ping()
        #expect(
            try await clamd.scan(bytes: TestData.fakePDF(embedding: TestData.eicar))
                == .infected(signature: TestData.eicarSignature))
    }

    @Test(
        "clamd stopped: a killed clamd gives typed errors, mid-stream and afterwards, never clean",
        .enabled(if: TestEnvironment.isAvailable(.clamdBinary))
    )
    func clamdKilled() async throws {
        let own = try await OwnClamd(extraConfiguration: ["StreamMaxLength 200M"])
        defer { own.stop() }
        let clamd = ClamdClient(address: own.tcpAddress, configuration: Self.quick)
        try await clamd.ping()

        // Kill clamd after 4 MiB of a 64 MiB stream has been handed over.
        let pid = own.process.processIdentifier
        let killing = Repeated(block: TestData.cleanBytes(256 * 1024), count: 256) { number in
            if number == 16 { kill(pid, SIGKILL) }
        }
        await #expect {
            try await clamd.scan(killing)
        } throws: { error in
            ["clamd.connection_closed", "clamd.write_timeout", "clamd.read_timeout"].contains(Self.code(of: error))
        }

        await #expect { try await clamd.ping() } throws: { Self.code(of: $0) == "clamd.connection_failed" }
        await #expect {
            try await clamd.scan(bytes: TestData.cleanBytes(100))
        } throws: { Self.code(of: $0) == "clamd.connection_failed" }
    }
}
