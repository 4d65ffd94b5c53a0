import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Gateway

/// The first gate: `POST /v1/uploads` with each hostile file's name, declared type and size,
/// under the default upload policy. Refused tickets store nothing; accepted ones then meet the
/// scan pipeline (``HostileFilePipelineTests``).
@Suite("Hostile files at the upload ticket")
struct HostileTicketTests {
    @Test("Each hostile file's ticket is accepted or refused as the manifest says", arguments: HostileCorpus.committed)
    func ticket(_ hostile: HostileCorpus.Case) async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            try await client.call(
                "/v1/uploads", .post, auth: auth,
                body: ["filename": hostile.filename, "size": hostile.size, "contentType": hostile.contentType]
            ) { response in
                if hostile.ticket == "accepted" {
                    #expect(response.status == .created, "\(hostile.id): \(response.problemSlug ?? "")")
                } else {
                    #expect(response.problemSlug == hostile.ticket, "\(hostile.id): \(response.status)")
                }
            }
        }
        if hostile.ticket != "accepted" {
            #expect(await harness.objects.uploads.isEmpty)
            #expect(await harness.objects.objects.isEmpty)
        }
    }

    @Test("A ticket for exactly the maximum size is accepted; one byte more is refused as file-too-large")
    func sizeLimit() async throws {
        let harness = try UploadRoutesHarness()
        let limit = harness.policy.maxFileSize
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(auth: auth, filename: "large.pdf", size: limit)
            #expect(ticket.state == .awaitingUpload)
            try await client.call(
                "/v1/uploads", .post, auth: auth,
                body: ["filename": "large.pdf", "size": limit + 1, "contentType": "application/pdf"]
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.problemSlug == "file-too-large")
            }
        }
    }
}

/// The committed corpus is the script's output, and what its manifest says.
@Suite("Hostile-file corpus")
struct HostileCorpusTests {
    @Test("The committed corpus matches its manifest: every file present with its size and SHA-256")
    func committedMatchesManifest() throws {
        let cases = try HostileCorpus.cases()
        #expect(cases.count >= 30)
        #expect(Set(cases.map(\.id)).count == cases.count)
        for hostile in cases {
            let bytes = try hostile.bytes()
            #expect(bytes.count == hostile.size, "\(hostile.id)")
            #expect(ObjectInspector.sha256Hex(bytes) == hostile.sha256, "\(hostile.id)")
        }
    }

    @Test(
        "scripts/make-hostile-corpus.py regenerates exactly the committed corpus",
        .enabled(if: TestEnvironment.isAvailable(.python)))
    func regenerates() throws {
        let python = try TestEnvironment.require(.python)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            TestEnvironment.uniqueName("attache-hostile"))
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [HostileCorpus.script.path, "--out", output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let manifest = "manifest.json"
        let regenerated = try Data(contentsOf: output.appendingPathComponent(manifest))
        #expect(regenerated == (try Data(contentsOf: HostileCorpus.directory.appendingPathComponent(manifest))))
        for hostile in try HostileCorpus.cases(in: output) {
            #expect(try hostile.bytes(in: output) == hostile.bytes(), "\(hostile.id)")
        }
    }
}
