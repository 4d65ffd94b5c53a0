import Foundation
import Gateway
import GuestClient
import Testing

/// The guest SDK's uploader (``GatewayUploader``, what guests' apps use) against the production
/// pipeline while S3 fails under it: part PUTs answered `500`/`503 SlowDown` or cut, the
/// gateway's CreateMultipartUpload failing once and its CompleteMultipartUpload done by the
/// store with the answer lost; and presigned part URLs that expire between being handed out
/// and being used.
@Suite("Fault injection: S3 failures and expiring URLs under the guest uploader", .serialized)
struct S3FaultUploadTests {
    /// 23 MiB + 1 234 bytes: five 5 MiB parts, the last one short.
    static let size = (23 << 20) + 1_234

    /// A file of `size` bytes: a PDF header, then bytes from a seed.
    static func pdf(seed: UInt64, size: Int = size) -> [UInt8] {
        var bytes = Array("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var generator = seed
        bytes.reserveCapacity(size)
        while bytes.count < size {
            generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: generator >> 33))
        }
        return bytes
    }

    /// Uploads `bytes` as a PDF, waits for the final state and checks the invariants.
    static func uploadAndCheck(
        _ stack: FaultStack, bytes: [UInt8], name: String
    ) async throws -> (GatewayUploadResult, FaultInvariants) {
        let url = try FaultStack.write(bytes, name: name)
        defer { try? FileManager.default.removeItem(at: url) }
        let uploader = stack.uploader()
        let result = try await uploader.upload(
            GatewayUploadRequest(fileURL: url, filename: name, contentType: "application/pdf"))
        let final = try await uploader.waitForFinalState(fileId: result.fileId)
        #expect(final.state == .clean)
        let invariants = try await FaultInvariants.check(
            stack, expected: [result.fileId: .init(state: .clean, sha256: FaultStack.sha256(bytes))])
        return (result, invariants)
    }

    @Test(
        "A multipart upload whose part PUTs fail (500, SlowDown, cut) and whose completion answer is lost completes with the right bytes",
        .enabled(if: FaultStack.available), arguments: FaultStack.Backend.available)
    func multipartUnderPartFailures(backend: FaultStack.Backend) async throws {
        try await FaultStack.with(backend: backend) { stack in
            let proxy = stack.proxy
            proxy.inject(S3FaultRule(.internalError, on: ["CreateMultipartUpload"], schedule: .first(1)))
            proxy.inject(S3FaultRule(.slowDown, on: ["UploadPart"], schedule: .first(1)))
            proxy.inject(S3FaultRule(.internalError, on: ["UploadPart"], schedule: .everyNth(2, limit: 3)))
            proxy.inject(S3FaultRule(.drop, on: ["UploadPart"], schedule: .everyNth(3, limit: 2)))
            proxy.inject(S3FaultRule(.dropAfterForwarding, on: ["CompleteMultipartUpload"], schedule: .first(1)))
            // The client's retry of the completion finds the upload gone, as S3 may answer; the
            // object's HEADs fail for a while, so the scan worker does not settle the upload
            // before the guest retries `complete` (which must then find the assembled object).
            proxy.inject(S3FaultRule(.noSuchUpload, on: ["CompleteMultipartUpload"], schedule: .first(1)))
            proxy.inject(S3FaultRule(.internalError, on: ["HeadObject"], schedule: .first(12)))
            let (result, invariants) = try await Self.uploadAndCheck(
                stack, bytes: Self.pdf(seed: 11), name: "faulty-parts.pdf")
            print(
                "multipart under S3 faults (\(backend)): \(proxy.faulted.count) faults \(proxy.faultCounts); \(invariants)"
            )
            #expect(invariants.holds, "\(invariants)\n\(proxy.summary)")
            #expect(result.partsSent == 5)
            let parts = proxy.partUploads(keyContaining: result.fileId)
            #expect(Set(parts.keys) == Set(1...5))
            #expect(proxy.storedParts(keyContaining: result.fileId) == Set(1...5))
            #expect(proxy.faulted.filter { $0.operation == "UploadPart" }.count == 6)
            #expect(proxy.faultCounts[.dropAfterForwarding] == 1)
            #expect(proxy.faultCounts[.noSuchUpload] == 1)
        }
    }

    @Test(
        "Part URLs that expire mid-upload (2 s lifetime, parts held past it) are refused as S3 does; the uploader fetches fresh ones and the file ends clean with the right bytes",
        .enabled(if: FaultStack.available))
    func expiringPartURLs() async throws {
        try await FaultStack.with(urlExpiry: .seconds(2)) { stack in
            let proxy = stack.proxy
            proxy.enforcePresignedExpiry()
            proxy.hold(.parts([2, 4]))
            let bytes = Self.pdf(seed: 12)
            let upload = Task { try await Self.uploadAndCheck(stack, bytes: bytes, name: "slow-link.pdf") }
            let both = await proxy.waitFor(timeout: .seconds(30)) { requests in
                Set(requests.compactMap(\.partNumber)).isSuperset(of: [2, 4])
            }
            #expect(both, "parts 2 and 4 never arrived:\n\(proxy.summary)")
            try await Task.sleep(for: .seconds(3))
            proxy.release()
            let (result, invariants) = try await upload.value
            let expired = proxy.faulted.filter { $0.fault == .expired }
            print("expiring part URLs: \(expired.count) refused as expired \(proxy.faultCounts); \(invariants)")
            #expect(invariants.holds, "\(invariants)\n\(proxy.summary)")
            let parts = proxy.partUploads(keyContaining: result.fileId)
            for number in [2, 4] {
                #expect(parts[number]?.first?.fault == .expired)
                #expect(parts[number]?.last?.succeeded == true)
            }
            #expect(expired.count >= 2)
            #expect(proxy.storedParts(keyContaining: result.fileId) == Set(1...5))
        }
    }
}
