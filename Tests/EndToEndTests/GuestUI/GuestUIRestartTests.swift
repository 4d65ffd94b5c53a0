import BrowserTesting
import Foundation
import Testing

/// Issue 7, uploads: "resume after a page reload or browser restart without choosing the file
/// again". The browser is quit mid-upload and started again on the same profile; the upload
/// finishes from IndexedDB with the parts already stored not sent again.
@Suite("Guest UI in Chromium: browser restart", .serialized)
struct GuestUIRestartTests {
    @Test(
        "30 MiB in parts: the browser quits mid-upload; restarted on the same profile, the upload finishes",
        .enabled(if: GuestUIBrowser.isAvailable(.moto)), .timeLimit(.minutes(5)))
    func restartMidUpload() async throws {
        try await GuestUIFiles.with { files in
            let file = try files.write(
                GuestUIFiles.largePDF(size: GuestUIUploadTests.size), named: "statement-restart.pdf")
            let profile = files.directory.appendingPathComponent("chromium-profile")
            let arguments = ["--user-data-dir=\(profile.path)"]
            try await GuestUIHarness.with(store: .moto) { harness in
                let proxy = try #require(harness.s3Proxy)
                var fileId = ""
                try await BrowserSession.run(extraArguments: arguments) { browser in
                    try await browser.emulateViewport(width: 1280, height: 800, mobile: false)
                    let page = GuestUIPage(browser: browser, harness: harness)
                    _ = try await GuestUIUploadTests.startConversation(harness, page)
                    proxy.hold(.parts(Set(3...GuestUIUploadTests.parts)))
                    try await page.choose([file])
                    fileId = try await GuestUIUploadTests.fileId(page)
                    let stored = await proxy.waitFor(timeout: .seconds(60)) { _ in
                        proxy.storedParts(keyContaining: fileId) == [1, 2]
                    }
                    #expect(stored, "\(proxy.summary)")
                    proxy.noteOutage()
                }
                // The browser is gone; what it held at the proxy goes nowhere.
                proxy.release()
                try await BrowserSession.run(extraArguments: arguments) { browser in
                    try await browser.emulateViewport(width: 1280, height: 800, mobile: false)
                    let page = GuestUIPage(browser: browser, harness: harness)
                    try await page.open()
                    try await page.waitForUploadState(["clean"], timeout: .seconds(120))
                    #expect(try await GuestUIUploadTests.fileId(page) == fileId)
                }
                GuestUIUploadTests.expectNoNeedlessResend(proxy, fileId: fileId)
                let uploads = proxy.partUploads(keyContaining: fileId)
                for number in [1, 2] {
                    #expect(uploads[number]?.count == 1, "part \(number) was sent again after the restart")
                }
            }
        }
    }
}
