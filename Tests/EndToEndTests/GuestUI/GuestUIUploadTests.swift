import BrowserTesting
import Foundation
import Gateway
import NIOHTTP1
import Sandbox
import Testing
import WebMessaging

/// Must-show of issue 7, uploads, in headless Chromium against moto's S3 (through the counting
/// proxy) and clamd: a 30 MiB file in six 5 MiB parts survives a network cut and a page reload
/// with no part stored twice more than necessary; EICAR disguised as a PDF ends "rejected" and
/// the agent never gets a link.
@Suite("Guest UI in Chromium: uploads", .serialized)
struct GuestUIUploadTests {
    static let size = 30 << 20
    static let parts = 6

    /// Opens the page, starts the conversation, has the agent accept; returns the conversation id.
    static func startConversation(_ harness: GuestUIHarness, _ page: GuestUIPage) async throws -> String {
        try await page.open()
        let first = "I am sending my statement"
        try await page.send(first)
        let conversationId = try await harness.waitForConversation { $0 == first }
        try await harness.accept(conversationId)
        return conversationId
    }

    /// The upload's file id, from its card.
    static func fileId(_ page: GuestUIPage) async throws -> String {
        try await page.wait(
            "the upload card's file id",
            until: "return !!document.querySelector('#message-list li.upload')?.dataset.fileId")
        return try await page.browser.execute(
            "return document.querySelector('#message-list li.upload').dataset.fileId") as? String ?? ""
    }

    /// Every part was stored exactly once and sent to the store once, except parts in flight at
    /// the cut, which may have been sent once more.
    static func expectNoNeedlessResend(_ proxy: CountingS3Proxy, fileId: String) {
        let uploads = proxy.partUploads(keyContaining: fileId)
        #expect(uploads.keys.sorted() == Array(1...parts), "\(uploads.mapValues { $0.map(\.outcome) })")
        for (number, requests) in uploads.sorted(by: { $0.key < $1.key }) {
            let forwarded = requests.filter(\.reachedStore)
            let cutInFlight = requests.filter(\.inFlightAtOutage).isEmpty ? 0 : 1
            #expect(
                requests.filter(\.succeeded).count == 1,
                "part \(number) stored \(requests.filter(\.succeeded).count) times: \(requests.map(\.outcome))")
            #expect(
                forwarded.count <= 1 + cutInFlight,
                "part \(number) sent \(forwarded.count) times (\(cutInFlight) cut in flight): \(requests.map(\.outcome))"
            )
        }
    }

    @Test(
        "30 MiB in parts: the network is cut mid-upload and restored; the upload resumes from the last part",
        .enabled(if: GuestUIBrowser.isAvailable(.moto)), .timeLimit(.minutes(5)))
    func cutAndRestore() async throws {
        try await GuestUIFiles.with { files in
            let file = try files.write(GuestUIFiles.largePDF(size: Self.size), named: "statement-2026.pdf")
            try await GuestUIBrowser.run(store: .moto) { harness, page in
                let proxy = try #require(harness.s3Proxy)
                let conversationId = try await Self.startConversation(harness, page)
                // Parts 1 and 2 go through; 3 and later wait at the proxy until the cut.
                proxy.hold(.parts(Set(3...Self.parts)))
                try await page.choose([file])
                let fileId = try await Self.fileId(page)
                // Parts 1 and 2 stored, part 3 or later waiting at the proxy (its preflight or its PUT).
                let partsDone = await proxy.waitFor(timeout: .seconds(60)) { requests in
                    proxy.storedParts(keyContaining: fileId) == [1, 2]
                        && requests.contains { $0.key.contains(fileId) && ($0.partNumber ?? 0) >= 3 }
                }
                #expect(partsDone, "\(proxy.summary)")
                try await page.capture("upload-in-progress")
                proxy.cut()
                try await Task.sleep(for: .seconds(3))
                try await page.capture("upload-network-cut")
                proxy.restore()
                try await page.waitForUploadState(["clean"], timeout: .seconds(120))
                try await page.capture("upload-clean")

                Self.expectNoNeedlessResend(proxy, fileId: fileId)
                let beforeCut = proxy.partUploads(keyContaining: fileId)
                for number in [1, 2] {
                    #expect(beforeCut[number]?.count == 1, "part \(number) was sent again after the cut")
                }
                try await harness.waitForGuestTexts(conversationId, what: "the keyword message") {
                    $0.contains("S3_FILE_UPLOADED")
                }
                let keyword = await harness.guestMessages(conversationId).last { $0.text == "S3_FILE_UPLOADED" }
                #expect(keyword?.metadata?["attacheFileId"] == fileId)
            }
        }
    }

    @Test(
        "30 MiB in parts: the page goes offline (DevTools) mid-upload and back online; the upload resumes",
        .enabled(if: GuestUIBrowser.isAvailable(.moto)), .timeLimit(.minutes(5)))
    func offlineAndOnline() async throws {
        try await GuestUIFiles.with { files in
            let file = try files.write(GuestUIFiles.largePDF(size: Self.size), named: "statement-offline.pdf")
            try await GuestUIBrowser.run(store: .moto) { harness, page in
                let proxy = try #require(harness.s3Proxy)
                _ = try await Self.startConversation(harness, page)
                proxy.hold(.parts(Set(3...Self.parts)))
                try await page.choose([file])
                let fileId = try await Self.fileId(page)
                let partsDone = await proxy.waitFor(timeout: .seconds(60)) { requests in
                    proxy.storedParts(keyContaining: fileId) == [1, 2]
                        && requests.contains { $0.key.contains(fileId) && ($0.partNumber ?? 0) >= 3 }
                }
                #expect(partsDone, "\(proxy.summary)")
                proxy.noteOutage()
                try await page.browser.goOffline()
                try await page.waitForPhase("offline", timeout: .seconds(10))
                try await page.capture("offline")
                try await Task.sleep(for: .seconds(2))
                proxy.release()
                try await page.browser.goOnline()
                try await page.waitForUploadState(["clean"], timeout: .seconds(120))
                Self.expectNoNeedlessResend(proxy, fileId: fileId)
                let uploads = proxy.partUploads(keyContaining: fileId)
                for number in [1, 2] {
                    #expect(uploads[number]?.count == 1, "part \(number) was sent again after going back online")
                }
            }
        }
    }

    @Test(
        "30 MiB in parts: a page reload mid-upload resumes without choosing the file again",
        .enabled(if: GuestUIBrowser.isAvailable(.moto)), .timeLimit(.minutes(5)))
    func reloadMidUpload() async throws {
        try await GuestUIFiles.with { files in
            let file = try files.write(GuestUIFiles.largePDF(size: Self.size), named: "statement-reload.pdf")
            try await GuestUIBrowser.run(store: .moto) { harness, page in
                let proxy = try #require(harness.s3Proxy)
                _ = try await Self.startConversation(harness, page)
                proxy.hold(.parts(Set(3...Self.parts)))
                try await page.choose([file])
                let fileId = try await Self.fileId(page)
                let partsDone = await proxy.waitFor(timeout: .seconds(60)) { _ in
                    proxy.storedParts(keyContaining: fileId) == [1, 2]
                }
                #expect(partsDone, "\(proxy.summary)")
                try await page.reload()
                // The held parts' connections went with the old page; new ones may go through.
                proxy.release()
                try await page.wait(
                    "the upload card restored after the reload", timeout: .seconds(30),
                    until: "return !!document.querySelector('#message-list li.upload')")
                try await page.waitForUploadState(["clean"], timeout: .seconds(120))
                let cardFileId = try await Self.fileId(page)
                #expect(cardFileId == fileId)
                Self.expectNoNeedlessResend(proxy, fileId: fileId)
                let uploads = proxy.partUploads(keyContaining: fileId)
                for number in [1, 2] {
                    #expect(uploads[number]?.count == 1, "part \(number) was sent again after the reload")
                }
                // No second upload was started for the same file: every part PUT is this file's.
                #expect(proxy.requests.filter { $0.partNumber != nil }.allSatisfy { $0.key.contains(fileId) })
            }
        }
    }

    @Test(
        "A clean PDF: the first message bound the guest, the connected agent's file-link is allowed; after the guest deletes it, not",
        .enabled(if: GuestUIBrowser.isAvailable(.moto)), .timeLimit(.minutes(3)))
    func cleanFileReachesAgent() async throws {
        try await GuestUIFiles.with { files in
            let file = try files.write(GuestUIFiles.largePDF(size: 200_000), named: "statement.pdf")
            try await GuestUIBrowser.run(store: .moto) { harness, page in
                let conversationId = try await Self.startConversation(harness, page)
                // The first message carried the gateway guest id of this page's session.
                let first = await harness.state.conversation(id: conversationId)?.messages
                    .first { $0.direction == .inbound }
                let guestId = first?.customAttributes["attacheGuestId"] ?? ""
                #expect(!guestId.isEmpty, "the first message has no attacheGuestId")
                try await page.choose([file])
                let fileId = try await Self.fileId(page)
                try await page.waitForUploadState(["clean"], timeout: .seconds(60))
                // The keyword message fired the fileLink rule at once: still scanning, so "pending"
                // (the design: the agent's widget lists the file once clean). Now that it is clean,
                // the same Data Action for the connected agent mints a link: the binding holds.
                let audit = try await harness.audit(fileId: fileId)
                #expect(audit.contains { $0.action == "link.pending" }, "\(audit.map(\.action))")
                let answer = try await harness.request(
                    .POST, "/v1/data-actions/file-link",
                    json: ["conversationId": conversationId, "userId": harness.agent.id, "fileId": fileId],
                    headers: [DataActionAuthenticator.headerName: harness.configuration.dataActionSecret ?? ""])
                #expect(answer.status == 200)
                #expect(answer.json["decision"] as? String == "allowed", "\(answer.json)")
                let record = try await harness.pipeline.state.upload(fileId: fileId)
                #expect(record?.guestId == guestId)

                // The guest deletes the file (GDPR erasure): gone for the agent too.
                _ = try await page.browser.execute("window.confirm = () => true;")
                try await page.browser.click("#message-list li.upload .upload-delete")
                try await page.waitForUploadState(["deleted"], timeout: .seconds(30))
                #expect(try await harness.pipeline.state.upload(fileId: fileId)?.state.rawValue == "deleted")
                let after = try await harness.request(
                    .POST, "/v1/data-actions/file-link",
                    json: ["conversationId": conversationId, "userId": harness.agent.id, "fileId": fileId],
                    headers: [DataActionAuthenticator.headerName: harness.configuration.dataActionSecret ?? ""])
                #expect(after.json["decision"] as? String != "allowed", "\(after.json)")
            }
        }
    }

    @Test(
        "EICAR disguised as a PDF: the guest sees it rejected, the agent never gets a link",
        .enabled(if: GuestUIBrowser.isAvailable(.moto)), .timeLimit(.minutes(3)))
    func eicarRejected() async throws {
        try await GuestUIFiles.with { files in
            let file = try files.write(GuestUIFiles.eicar, named: "invoice-march.pdf")
            try await GuestUIBrowser.run(store: .moto) { harness, page in
                let conversationId = try await Self.startConversation(harness, page)
                try await page.choose([file])
                let fileId = try await Self.fileId(page)
                try await page.waitForUploadState(["rejected"], timeout: .seconds(60))
                let reason = try await page.browser.text("#message-list li.upload .upload-reason")
                #expect(!reason.isEmpty)
                try await page.capture("upload-rejected")
                // The keyword message, if the page sent one, produced no link.
                try await Task.sleep(for: .seconds(2))
                let audit = try await harness.audit(fileId: fileId)
                #expect(!audit.contains { $0.action == "link.allowed" }, "\(audit.map(\.action))")
                let record = try await harness.pipeline.state.upload(fileId: fileId)
                #expect(record?.state.rawValue == "rejected")
                _ = conversationId
            }
        }
    }
}
