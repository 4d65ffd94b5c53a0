import Foundation
import Gateway
import GuestClient
import Testing

/// The scan pipeline (moto + clamd) while S3 fails under the scan worker: its reads, heads,
/// copies, tags and deletes answer `500 InternalError`, `503 SlowDown`/`ServiceUnavailable`, or
/// lose their connection (before the store acted, and after: a copy done whose answer is lost;
/// a read cut off after half the object), by a fixed schedule. Some faults are absorbed by the S3 client's retries; those that outlast
/// them (the first five reads and four tag writes of each object) reach the worker, which
/// promotes nothing, puts the upload back and takes the event again after its backoff.
@Suite("Fault injection: S3 failures under the scan pipeline", .serialized)
struct S3FaultScanPipelineTests {
    @Test(
        "Under 500/503/SlowDown and dropped connections every file ends in exactly one final state, clean ones once in the clean bucket with their bytes, nothing promoted unscanned",
        .enabled(if: FaultStack.available))
    func scanPipelineUnderS3Faults() async throws {
        let files = BatchFile.batch(first: 1, count: 8)
        try await FaultStack.with { stack in
            let proxy = stack.proxy
            let worker: Set<String> = ["GetObject", "HeadObject", "CopyObject", "PutObjectTagging", "DeleteObject"]
            proxy.inject(S3FaultRule(.internalError, on: ["GetObject"], schedule: .firstPerKey(5)))
            proxy.inject(S3FaultRule(.internalError, on: ["PutObjectTagging"], schedule: .firstPerKey(4)))
            proxy.inject(S3FaultRule(.dropAfterForwarding, on: ["CopyObject"], schedule: .first(1)))
            proxy.inject(S3FaultRule(.slowDown, on: ["CopyObject"], schedule: .everyNth(2, limit: 4)))
            proxy.inject(S3FaultRule(.drop, on: ["DeleteObject"], schedule: .everyNth(2, limit: 3)))
            proxy.inject(S3FaultRule(.serviceUnavailable, on: ["HeadObject"], schedule: .everyNth(3, limit: 4)))

            let uploader = stack.uploader()
            var expected: [String: FaultInvariants.Expectation] = [:]
            var cuts: [String] = []
            for file in files {
                let url = try FaultStack.write(file.bytes, name: file.filename)
                defer { try? FileManager.default.removeItem(at: url) }
                let result = try await uploader.upload(
                    GatewayUploadRequest(fileURL: url, filename: file.filename, contentType: file.contentType))
                if !file.infected, proxy.faultCounts[.truncateBody, default: 0] + cuts.count < 3 {
                    // The read that would succeed (the 6th) breaks off after half the object
                    // (200, full length declared); clean files only, to keep the run short.
                    proxy.inject(
                        S3FaultRule(.truncateBody, on: ["GetObject"], keyContaining: result.fileId, schedule: .first(1))
                    )
                    cuts.append(result.fileId)
                }
                expected[result.fileId] = FaultInvariants.Expectation(
                    state: file.infected ? .rejected : .clean,
                    sha256: file.infected ? nil : FaultStack.sha256(file.bytes))
            }
            let settled = try await FaultStack.eventually(timeout: .seconds(55)) {
                for fileId in expected.keys {
                    guard try await stack.gateway.pipeline.state.upload(fileId: fileId)?.state.isFinal == true
                    else { return false }
                }
                return true
            }
            #expect(settled, "not every file reached a final state:\n\(proxy.summary)")
            let invariants = try await FaultInvariants.check(stack, expected: expected)
            let faults = proxy.faulted.filter { worker.contains($0.operation) }
            print("scan pipeline under S3 faults: \(faults.count) faults \(proxy.faultCounts); \(invariants)")
            #expect(invariants.holds, "\(invariants)")
            #expect(invariants.cleanObjects == files.filter { !$0.infected }.count)

            // The faults reached the worker, which backed off before taking the event again: the
            // S3 client's four attempts fail, then the fifth read (the event's second delivery)
            // comes at least most of the worker's 5 s backoff later, fails, and its retry succeeds.
            #expect(faults.count >= 40)
            #expect(proxy.faultCounts[.truncateBody] == 3)
            // A read cut short is never the scan a promotion rests on: the object is read again
            // in full before its copy to the clean bucket.
            for cut in proxy.faulted where cut.fault == .truncateBody {
                let object = cut.key.drop { $0 != "/" }
                let later = proxy.requests.filter { $0.key.hasSuffix(object) && $0.arrived > cut.arrived }
                let copy = later.firstIndex { $0.operation == "CopyObject" } ?? later.endIndex
                let reread = later.firstIndex { $0.operation == "GetObject" && $0.fault == nil } ?? later.endIndex
                #expect(reread < copy, "\(cut.key) promoted after a read cut short")
                #expect(later.contains { $0.operation == "GetObject" && $0.fault == nil })
            }
            var backoffGaps: [String: TimeInterval] = [:]
            for fileId in expected.keys {
                let reads = proxy.requests.filter { $0.operation == "GetObject" && $0.key.hasSuffix(fileId) }
                #expect(reads.prefix(5).allSatisfy { $0.fault == .internalError })
                #expect(reads.count >= 6)
                if reads.count >= 6 {
                    backoffGaps[fileId] = reads[4].arrived.timeIntervalSince(reads[3].arrived)
                    #expect(reads[5].fault == nil || reads[5].fault == .truncateBody)
                    #expect(reads.last?.fault == nil)
                }
            }
            // The fifth read comes with the event's next delivery, after the worker's 5 s backoff.
            // SQS delivers at least once, and a second delivery of the same event brings a read
            // sooner (one CI run saw a file's fifth read 0.26 s after its fourth), so a majority is
            // asked for here; the invariants above hold for every file either way.
            let backedOff = backoffGaps.values.filter { $0 >= 4 }.count
            #expect(backedOff > backoffGaps.count / 2, "gaps before the fifth read (s): \(backoffGaps)")
        }
    }
}
