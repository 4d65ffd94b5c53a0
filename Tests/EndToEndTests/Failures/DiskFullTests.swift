import Foundation
import Gateway
import Logging
import Testing

/// The embedded object store (`ATTACHE_STORE=local:…`, `attache dev`) on a full disk.
///
/// The disk is real: the store's root is a 2 MiB tmpfs mounted by the test (`mount -t tmpfs
/// -o size=2m`, root only), so writes fail with the kernel's `ENOSPC`; nothing is mocked. Where
/// mounting is not permitted the test is skipped (also under `CI=true`): ``FileSizeLimitTests``
/// then still covers a refused write, with `EFBIG` from `RLIMIT_FSIZE` in a child process.
///
/// 1. A small file uploads and is promoted (the store works).
/// 2. A 3 MiB PUT runs out of space while streaming: the guest gets a clear S3-style error
///    (507 `InsufficientStorage`), the temporary file is gone, no object is in quarantine,
///    `complete` answers 409 and the upload is not promoted.
/// 3. With the disk filled up to the exact size of the next file, its bytes fit but the object's
///    sidecar does not: the same clear error, no temporary file, no object, no orphaned sidecar.
/// 4. Once space is freed, the same ticket's PUT succeeds and the file is promoted.
@Suite("Failures: disk full for the embedded store", .serialized)
struct DiskFullTests {
    static let logger: Logger = {
        var logger = Logger(label: "attache.test.failures.disk")
        logger.logLevel = .critical
        return logger
    }()

    @Test("a full disk answers a clear error, keeps nothing partial, and recovers once space is freed")
    func diskFull() async throws {
        guard let disk = try TmpfsMount.make(size: "2m") else {
            print("disk full test: skipped, mounting a tmpfs is not permitted (FileSizeLimitTests covers EFBIG)")
            return
        }
        defer { disk.unmount() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-diskfull-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = disk.directory.appendingPathComponent("objects")
        let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let values = [
            "ATTACHE_HOST": "127.0.0.1", "ATTACHE_PORT": "\(port)", "ATTACHE_PUBLIC_URL": "http://127.0.0.1:\(port)",
            "ATTACHE_DATABASE_URL": "sqlite:\(directory.path)/state.sqlite", "ATTACHE_STORE": "local:\(root.path)",
            "ATTACHE_LOG_LEVEL": "critical",
        ]
        try await EndToEndGateway.run(values: values, origin: "disk-full-test", logger: Self.logger) { gateway in
            let client = FailureClient(baseURL: "http://127.0.0.1:\(gateway.port)")
            let credential = try await client.registerGuest()
            let store = StoreFiles(root: root)

            // 1. The store works.
            let small = Data(repeating: UInt8(ascii: "a"), count: 20_000)
            let first = try FailureClient.ticket(
                in: try await client.requestTicket(filename: "small.txt", size: small.count, credential: credential))
            #expect(try await client.put(small, first).status == 200)
            let firstCompleted = try await client.complete(first.fileId, credential: credential)
            #expect(firstCompleted.status == 200, "complete: \(firstCompleted.status) \(firstCompleted.text)")
            let firstState = try await client.waitForFinalState(
                first.fileId, credential: credential, within: .seconds(30))
            #expect(firstState == "clean")

            // 2. Out of space while streaming the bytes.
            let large = Data(repeating: UInt8(ascii: "b"), count: 3 << 20)
            let second = try FailureClient.ticket(
                in: try await client.requestTicket(filename: "large.txt", size: large.count, credential: credential))
            let refused = try await client.put(large, second)
            print("disk full test: streaming PUT answered \(refused.status): \(refused.text)")
            try await expectRefusal(refused, of: second, client: client, credential: credential, store: store)

            // 3. The bytes fit exactly, the sidecar does not.
            let filler = disk.directory.appendingPathComponent("filler")
            let exact = 256 << 10
            try Data(count: Int(max(0, disk.freeBytes() - Int64(exact)))).write(to: filler)
            let fits = Data(repeating: UInt8(ascii: "c"), count: Int(disk.freeBytes()))
            let third = try FailureClient.ticket(
                in: try await client.requestTicket(filename: "exact.txt", size: fits.count, credential: credential))
            let refusedSidecar = try await client.put(fits, third)
            print(
                "disk full test: exact-fit PUT (\(fits.count) bytes) answered \(refusedSidecar.status): \(refusedSidecar.text)"
            )
            try await expectRefusal(refusedSidecar, of: third, client: client, credential: credential, store: store)

            // 4. Space freed: the same ticket uploads and is promoted.
            try FileManager.default.removeItem(at: filler)
            #expect(try await client.put(fits, third).status == 200)
            #expect(try await client.complete(third.fileId, credential: credential).status == 200)
            let thirdState = try await client.waitForFinalState(
                third.fileId, credential: credential, within: .seconds(30))
            #expect(thirdState == "clean")
            #expect(store.temporaryFiles().isEmpty, "no temporary file is left behind")
        }
    }

    /// The PUT was refused clearly, nothing partial is kept, and the upload cannot complete.
    private func expectRefusal(
        _ answer: FailureClient.Answer, of ticket: FailureClient.Ticket, client: FailureClient, credential: String,
        store: StoreFiles
    ) async throws {
        #expect(answer.status == 507 || answer.status == 503, "disk full answers 507 or 503, not \(answer.status)")
        #expect(answer.text.contains("<Code>InsufficientStorage</Code>"), "an S3-style error naming the cause")
        #expect(store.temporaryFiles().isEmpty, "the temporary file is removed: \(store.temporaryFiles())")
        #expect(store.files(in: "quarantine", containing: ticket.fileId).isEmpty, "no object or sidecar is kept")
        let completed = try await client.complete(ticket.fileId, credential: credential)
        #expect(completed.status == 409, "complete refuses a missing object: \(completed.status) \(completed.text)")
        let state = try await client.state(ticket.fileId, credential: credential)
        #expect(state == "awaiting_upload", "the upload is not promoted: \(state ?? "none")")
    }
}

/// The embedded store's files as the disk holds them.
private struct StoreFiles {
    let root: URL

    /// Files in `tmp/`.
    func temporaryFiles() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path)) ?? []
    }

    /// Files under `area/` whose path contains `needle`.
    func files(in area: String, containing needle: String) -> [String] {
        let base = root.appendingPathComponent(area)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.contains(needle) }
    }
}
