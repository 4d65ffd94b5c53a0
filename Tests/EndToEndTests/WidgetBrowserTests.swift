import BrowserTesting
import Foundation
import Gateway
import Testing

@testable import Sandbox

/// The Must-show: the sandbox agent console embeds the gateway's preview widget the way Agent
/// Workspace does; in real headless Chromium the widget signs its agent in (implicit grant at
/// the sandbox), previews a PDF, plays a voice note and lists a ZIP, all uploaded through the
/// gateway's real upload API (embedded store, policy scanner).
@Suite("The agent preview widget in headless Chromium", .serialized)
struct WidgetBrowserTests {
    @Test(
        "The console's widget previews a PDF, plays an audio file and lists a ZIP",
        .enabled(if: BrowserEnvironment.isAvailable),
        .timeLimit(.minutes(3))
    )
    func previews() async throws {
        try await WidgetEndToEndHarness.with { harness in
            let conversationId = try await harness.startConversation("Hi, my documents are attached")
            let guest = try await harness.gatewayGuest()
            let pdf = try await harness.upload(
                WidgetSampleFiles.pdf(text: "Statement 2026"), filename: "statement.pdf",
                contentType: "application/pdf", credential: guest.credential)
            let voice = try await harness.upload(
                WidgetSampleFiles.wav(), filename: "voice-note.wav", contentType: "audio/wav",
                credential: guest.credential)
            let zip = try await harness.upload(
                WidgetSampleFiles.zip([
                    ("invoices/", ""), ("invoices/march.txt", "March: 42 EUR"), ("../escape.txt", "outside"),
                ]), filename: "bundle.zip", contentType: "application/zip", credential: guest.credential)
            try await harness.register(guestId: guest.guestId, conversationId: conversationId)

            try await BrowserSession.run(extraArguments: ["--autoplay-policy=no-user-gesture-required"]) { browser in
                try await browser.navigate("\(harness.sandboxURL)/agent")
                try await browser.type("#sign-in-name", "Grace Hopper")
                try await browser.click("#sign-in-button")
                try await browser.click("#waiting-list button.accept[data-conversation-id='\(conversationId)']")
                try await browser.wait(
                    until: "return !document.querySelector('#widget-frame').hidden", what: "the widget iframe")
                let source = try await browser.attribute("#widget-frame", "src") ?? ""
                #expect(source.hasPrefix("\(harness.gatewayURL)/widget/?conversationId=\(conversationId)"))
                #expect(source.contains("gcHostOrigin="))

                try await browser.switchToFrame("#widget-frame")
                try await browser.wait(
                    until: "return document.querySelectorAll('#files button').length === 3",
                    timeout: .seconds(20), what: "the three files in the widget (after the implicit grant)")
                #expect(try await browser.execute("return location.hash") as? String == "")

                try await browser.click("#files button[data-file-id='\(pdf)']")
                try await browser.wait(
                    until: "return !!document.querySelector('#preview iframe.pdf')", what: "the PDF preview")
                let pdfSource = try await browser.attribute("#preview iframe.pdf", "src") ?? ""
                #expect(pdfSource.hasPrefix(harness.gatewayURL + "/v1/objects/clean/"))
                let fetched =
                    try await browser.executeAsync(
                        """
                        const done = arguments[arguments.length - 1];
                        fetch(document.querySelector('#preview iframe.pdf').src)
                            .then(async (r) => done([r.status, r.headers.get('content-type'),
                                r.headers.get('content-disposition'), new TextDecoder().decode(await r.arrayBuffer()).slice(0, 5)]))
                            .catch((e) => done(['error', String(e)]));
                        """) as? [Any] ?? []
                #expect(fetched.first as? Int == 200, "\(fetched)")
                #expect(fetched.dropFirst().first as? String == "application/pdf")
                #expect((fetched.dropFirst(2).first as? String)?.hasPrefix("inline") == true)
                #expect(fetched.last as? String == "%PDF-")

                try await browser.click("#files button[data-file-id='\(voice)']")
                try await browser.wait(
                    until: "return !!document.querySelector('#preview audio')", what: "the audio player")
                let played =
                    try await browser.executeAsync(
                        """
                        const done = arguments[arguments.length - 1];
                        const audio = document.querySelector('#preview audio');
                        audio.play().then(() => {
                            const check = () => audio.currentTime > 0 ? done([true, audio.duration]) : setTimeout(check, 50);
                            check();
                        }).catch((e) => done([false, String(e)]));
                        """) as? [Any] ?? []
                #expect(played.first as? Bool == true, "audio did not play: \(played)")
                #expect((played.last as? Double ?? 0) > 1)

                try await browser.click("#files button[data-file-id='\(zip)']")
                try await browser.wait(
                    until: "return document.querySelectorAll('#preview .entries li').length === 3",
                    what: "the ZIP's entries")
                let names =
                    try await browser.execute(
                        "return [...document.querySelectorAll('#preview .entries li')].map(li => li.dataset.name)"
                    ) as? [String]
                #expect(names == ["invoices/", "invoices/march.txt", "../escape.txt"])
                let flagged = try await browser.text("#preview .entries li.flagged .unsafe")
                #expect(flagged.contains("path-traversal"))

                try await browser.switchToTopLevel()
                try await browser.screenshot().write(to: Self.screenshotURL)
            }

            let audit = try await harness.pipeline.state.auditEntries(fileId: nil)
            let agentId = AgentDirectory.userId(forName: "Grace Hopper")
            #expect(audit.contains { $0.action == "list.allowed" && $0.actor == "agent:\(agentId)" })
            for fileId in [pdf, voice, zip] {
                #expect(audit.contains { $0.action == "link.allowed" && $0.fileId == fileId })
            }
            #expect(audit.contains { $0.action == "zip.listed" && $0.fileId == zip })
        }
    }

    @Test(
        "With gcUsePopupAuth=true the widget signs in through a popup and lists the files",
        .enabled(if: BrowserEnvironment.isAvailable),
        .timeLimit(.minutes(3))
    )
    func popupSignIn() async throws {
        try await WidgetEndToEndHarness.with { harness in
            let conversationId = try await harness.startConversation("Hello from the popup test")
            let guest = try await harness.gatewayGuest()
            let pdf = try await harness.upload(
                WidgetSampleFiles.pdf(text: "Popup"), filename: "popup.pdf", contentType: "application/pdf",
                credential: guest.credential)
            try await harness.register(guestId: guest.guestId, conversationId: conversationId)
            try await BrowserSession.run { browser in
                try await browser.navigate("\(harness.sandboxURL)/agent")
                try await browser.type("#sign-in-name", "Grace Hopper")
                try await browser.click("#sign-in-button")
                try await browser.click("#waiting-list button.accept[data-conversation-id='\(conversationId)']")
                try await browser.wait(
                    until: "return !document.querySelector('#widget-frame').hidden", what: "the accepted conversation")
                try await browser.navigate(
                    "\(harness.gatewayURL)/widget/?conversationId=\(conversationId)&gcUsePopupAuth=true")
                try await browser.click("#sign-in")
                try await browser.wait(
                    until: "return !!document.querySelector('#files button[data-file-id=\"\(pdf)\"]')",
                    timeout: .seconds(20), what: "the file listed after the popup handed its token over")
                #expect(
                    try await browser.execute("return document.querySelector('#sign-in') === null") as? Bool == true)
            }
        }
    }

    /// `.build/widget-console.png` in the package root.
    static var screenshotURL: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1 && url.lastPathComponent != "Tests" {
            url.deleteLastPathComponent()
        }
        return url.deletingLastPathComponent().appendingPathComponent(".build/widget-console.png")
    }
}
