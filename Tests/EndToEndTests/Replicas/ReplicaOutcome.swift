import Foundation
import Gateway
import Testing
import WebMessaging

@testable import Sandbox

/// What the replica test checks once every gateway that is left has settled the batch: each file
/// in exactly one final state matching its content, each clean file promoted once (one
/// `scan.clean` audit entry, one object in the clean bucket, none left in quarantine), no
/// infected file ever in the clean bucket, each abandoned clean file announced once in its
/// conversation.
struct ReplicaOutcome {
    let files: [UploadedFile]
    let database: ReplicaDatabase
    let services: ReplicaServices
    let sandbox: GenesysSandboxHarness

    /// The files not yet in a final state, with their state and last change.
    func unsettled() async throws -> [(file: UploadedFile, state: String, updatedAt: Date?)] {
        let records = try await database.records(files.map(\.fileId))
        return files.compactMap { file in
            guard let record = records[file.fileId] else { return (file, "missing", nil) }
            return record.state.isFinal ? nil : (file, record.state.rawValue, record.updatedAt)
        }
    }

    /// Waits (bounded) until every file is final; the files still unsettled at the deadline.
    func waitUntilSettled(
        within limit: Duration
    ) async throws -> [(file: UploadedFile, state: String, updatedAt: Date?)] {
        let deadline = ContinuousClock.now + limit
        var open = try await unsettled()
        while !open.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            open = try await unsettled()
        }
        return open
    }

    /// Notices in `conversationId` naming `fileId`.
    func notices(for fileId: String, in conversationId: String) async -> Int {
        let conversation = await sandbox.state.conversation(id: conversationId)
        return conversation?.messages.filter {
            guard let text = $0.message.text else { return false }
            return text.contains("A file was received") && text.contains("attacheFileId: \(fileId)")
        }.count ?? 0
    }

    /// Waits (bounded) until every clean file has at least one notice; the files still without one.
    func waitForNotices(within limit: Duration) async throws -> [UploadedFile] {
        let deadline = ContinuousClock.now + limit
        while true {
            var missing: [UploadedFile] = []
            for file in files where !file.file.infected {
                if await notices(for: file.fileId, in: file.guest.conversationId) == 0 { missing.append(file) }
            }
            if missing.isEmpty || ContinuousClock.now >= deadline { return missing }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Records an issue for every broken invariant.
    func check() async throws {
        let records = try await database.records(files.map(\.fileId))
        let cleanKeys = try await services.keys(in: services.clean)
        let quarantineKeys = Set(try await services.keys(in: services.quarantine))
        let cleanCounts = Dictionary(cleanKeys.map { ($0, 1) }, uniquingKeysWith: +)
        for file in files {
            let name = "\(file.file.filename) (\(file.fileId))"
            guard let record = records[file.fileId] else {
                Issue.record("\(name): no upload record")
                continue
            }
            let audit = try await database.store.auditEntries(fileId: file.fileId)
            let cleanAudits = audit.filter { $0.action == "scan.clean" }.count
            let rejectedAudits = audit.filter { $0.action == "scan.rejected" }.count
            let noticeAudits = audit.filter { $0.action == "recovery.notice" }.count
            let notices = await notices(for: file.fileId, in: file.guest.conversationId)
            let key = record.objectKey
            if file.file.infected {
                #expect(record.state == .rejected, "\(name): EICAR must end rejected, is \(record.state.rawValue)")
                #expect(record.reason?.contains("infected") == true, "\(name): reason \(record.reason ?? "none")")
                #expect(rejectedAudits == 1, "\(name): \(rejectedAudits) scan.rejected audit entries")
                #expect(cleanAudits == 0, "\(name): \(cleanAudits) scan.clean audit entries for an EICAR file")
                #expect(cleanCounts[key] == nil, "\(name): EICAR file in the clean bucket")
                #expect(quarantineKeys.contains(key), "\(name): the rejected object is kept (tagged) in quarantine")
                #expect(notices == 0 && noticeAudits == 0, "\(name): a rejected file was announced")
            } else {
                #expect(
                    record.state == .clean,
                    "\(name): must end clean, is \(record.state.rawValue) \(record.reason ?? "")")
                #expect(cleanAudits == 1, "\(name): promoted \(cleanAudits) times (scan.clean audit entries)")
                #expect(rejectedAudits == 0, "\(name): \(rejectedAudits) scan.rejected audit entries for a clean file")
                #expect(cleanCounts[key] == 1, "\(name): \(cleanCounts[key] ?? 0) objects in the clean bucket")
                #expect(!quarantineKeys.contains(key), "\(name): still in quarantine after promotion")
                #expect(notices == 1, "\(name): \(notices) recovery notices in its conversation")
                #expect(noticeAudits == 1, "\(name): \(noticeAudits) recovery.notice audit entries")
            }
        }
        let expectedClean = Set(files.filter { !$0.file.infected }.compactMap { records[$0.fileId]?.objectKey })
        #expect(Set(cleanKeys) == expectedClean, "the clean bucket holds exactly the clean files")
        #expect(cleanKeys.count == expectedClean.count, "no object is in the clean bucket twice")
    }
}
