import AsyncHTTPClient
import BrowserTesting
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WebMessaging

@testable import Sandbox

@Suite("The agent console in headless Chromium", .serialized)
struct AgentConsoleBrowserTests {
    @Test(
        "An agent signs in, accepts, replies, sends a PDF and disconnects; the guest receives each step",
        .enabled(if: BrowserEnvironment.isAvailable),
        .timeLimit(.minutes(2))
    )
    func fullConversation() async throws {
        let widget =
            "/api/v2/sandbox/agent/samples/sample-image"
            + "?conversationId={{gcConversationId}}&userId={{gcUserId}}&gcHostOrigin={{gcHostOrigin}}"
        try await PlatformLiveSandbox.with(platformConfiguration: PlatformConfiguration(widgetURLTemplate: widget)) {
            sandbox in
            try await PlatformFixture.withGuest(sandbox.state) { guest in
                try await guest.send("Hello, I need help with my statement")
                let conversationId = try #require(await PlatformFixture.conversationId(sandbox.state))
                try await BrowserSession.run { browser in
                    try await drive(browser, sandbox: sandbox, guest: guest, conversationId: conversationId)
                }
            }
        }
    }

    func drive(
        _ browser: WebDriver,
        sandbox: PlatformLiveSandbox,
        guest: FixtureGuest,
        conversationId: String
    ) async throws {
        let page = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "\(sandbox.baseURL)/agent"), timeout: .seconds(5))
        let pageBody = try await page.body.collect(upTo: 1 << 20)
        #expect(page.status.code == 200, "GET /agent: \(String(buffer: pageBody).prefix(200))")
        try await browser.navigate("\(sandbox.baseURL)/agent")
        try await browser.type("#sign-in-name", "Grace Hopper")
        try await browser.click("#sign-in-button")
        #expect(try await browser.text("#agent-name") == "Grace Hopper")

        try await browser.click("#waiting-list button.accept[data-conversation-id='\(conversationId)']")
        let join = await guest.next { message in
            message.events?.contains { if case .presence(let p) = $0 { p.type == .join } else { false } } == true
        }
        #expect(join?.direction == .outbound)
        try await browser.wait(
            until: "return document.querySelector('#transcript .text')?.textContent === "
                + "'Hello, I need help with my statement'",
            what: "the guest's message in the transcript"
        )

        try await browser.type("#reply-text", "Hi! I'm looking at it now.")
        try await browser.click("#reply-button")
        let reply = await guest.next { $0.text == "Hi! I'm looking at it now." }
        #expect(reply?.direction == .outbound)
        #expect(reply?.channel?.from?.nickname == "Grace Hopper")

        try await browser.click("#samples button[data-sample-id='sample-pdf']")
        let pdf = await guest.next { $0.content?.isEmpty == false }
        guard case .attachment(let file)? = pdf?.content?.first else {
            Issue.record("the guest did not receive the PDF")
            return
        }
        #expect(file.mime == "application/pdf")

        let agentUserId = AgentDirectory.userId(forName: "Grace Hopper")
        let widgetSource = try await browser.attribute("#widget-frame", "src") ?? ""
        #expect(widgetSource.contains("conversationId=\(conversationId)"))
        #expect(widgetSource.contains("userId=\(agentUserId)"))
        #expect(widgetSource.hasPrefix(sandbox.baseURL + "/api/v2/sandbox/agent/samples/sample-image?"))
        #expect(widgetSource.contains("gcHostOrigin=http%3A%2F%2F127.0.0.1%3A\(sandbox.port)"))

        try await browser.wait(
            until: "return document.querySelectorAll("
                + "'#transcript .attachment[data-mime=\"application/pdf\"]').length === 1",
            what: "the PDF in the transcript"
        )
        let screenshot = try await browser.screenshot()
        try screenshot.write(to: Self.screenshotURL)

        try await browser.click("#disconnect-button")
        let disconnect = await guest.next { $0.metadata?["readOnly"] == "true" }
        #expect(disconnect != nil)
        try await browser.wait(
            until: "return document.querySelector('#reply-button').disabled === true",
            what: "the reply button to be disabled after disconnect"
        )
        #expect(await sandbox.state.conversation(id: conversationId)?.readOnly == true)
    }

    /// `.build/agent-console.png` in the package root.
    static var screenshotURL: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1 && url.lastPathComponent != "Tests" {
            url.deleteLastPathComponent()
        }
        return url.deletingLastPathComponent().appendingPathComponent(".build/agent-console.png")
    }
}
