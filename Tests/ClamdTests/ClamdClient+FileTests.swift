import Clamd
import Foundation
import TestSupport
import Testing

@Suite("ClamdClient.scan(fileAt:)")
struct ClamdClientFileTests {
    @Test("A missing file is fileUnreadable before clamd is contacted")
    func missingFile() async throws {
        // Port 1 is never clamd: reaching it would fail differently.
        let clamd = ClamdClient(address: .tcp(host: "127.0.0.1", port: 1))
        await #expect {
            try await clamd.scan(fileAt: "/nonexistent/attache/invoice.pdf")
        } throws: { error in
            guard case .fileUnreadable(let path, _) = error as? ClamdError else { return false }
            return path == "/nonexistent/attache/invoice.pdf"
        }
    }

    @Test(
        "Files stream from disk: EICAR named invoice.pdf is found, a 40 MiB clean file passes",
        .enabled(if: TestEnvironment.isAvailable(.clamd))
    )
    func filesFromDisk() async throws {
        let clamd = ClamdClient(address: try ClamdAddress(parsing: try TestEnvironment.require(.clamd)))
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let invoice = directory.appendingPathComponent("invoice.pdf")
        try Data(TestData.eicar).write(to: invoice)
        #expect(try await clamd.scan(fileAt: invoice.path) == .infected(signature: TestData.eicarSignature))

        let big = directory.appendingPathComponent("holiday.mov")
        _ = FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        let mebibyte = Data(TestData.cleanBytes(1 << 20))
        for _ in 0..<40 { handle.write(mebibyte) }
        try handle.close()
        #expect(try await clamd.scan(fileAt: big.path) == .clean)
    }
}
