import BrowserTesting
import Foundation
import Testing

/// Must-show of issue 7: the server drops the guest's WebSocket ten times during a 100-message
/// exchange (50 from the guest typed in the page, 50 from the agent) and nothing is lost or
/// doubled, on either side.
@Suite("Guest UI in Chromium: reconnects", .serialized)
struct GuestUIReconnectTests {
    static let rounds = 50
    static let dropEvery = 5

    @Test(
        "Ten server-side drops during 100 messages: each guest message reaches the agent once, each reply is shown once",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(5)))
    func dropsDuringExchange() async throws {
        try await GuestUIBrowser.run(store: .embedded) { harness, page in
            try await page.open()
            try await page.send("guest 1")
            let conversationId = try await harness.waitForConversation { $0 == "guest 1" }
            try await harness.accept(conversationId)
            try await harness.agentSays(conversationId, "agent 1")
            var drops = 0
            for round in 2...Self.rounds {
                try await page.send("guest \(round)")
                try await harness.agentSays(conversationId, "agent \(round)")
                if round % Self.dropEvery == 0 {
                    // Drop while the guest's message may still be in flight; the agent's next
                    // reply then goes out while no socket is connected.
                    try await harness.waitForGuestSocket(conversationId)
                    let dropped = await harness.dropGuestSockets(conversationId)
                    if !dropped.isEmpty { drops += 1 }
                    try await harness.agentSays(conversationId, "agent \(round) while away")
                    try await harness.waitForGuestSocket(conversationId, notIn: dropped)
                }
            }
            #expect(drops == Self.rounds / Self.dropEvery)

            let guestExpected = (1...Self.rounds).map { "guest \($0)" }
            try await harness.waitForGuestTexts(
                conversationId, timeout: .seconds(60), what: "all \(Self.rounds) guest messages"
            ) { Set($0).isSuperset(of: guestExpected) }
            // A moment for any duplicate still on its way.
            try await Task.sleep(for: .seconds(2))
            #expect(await harness.guestTexts(conversationId) == guestExpected)

            let agentExpected = (1...Self.rounds).flatMap { round in
                round % Self.dropEvery == 0 ? ["agent \(round)", "agent \(round) while away"] : ["agent \(round)"]
            }
            try await page.wait(
                "every agent message shown", timeout: .seconds(60), arguments: [agentExpected],
                until: """
                    const shown = [...document.querySelectorAll('#message-list li.message[data-direction="outbound"] .message-text')]
                        .map((node) => node.textContent);
                    return arguments[0].every((text) => shown.includes(text));
                    """)
            try await page.wait(
                "every guest message confirmed", timeout: .seconds(60),
                until: "return document.querySelectorAll('#message-list li.message.pending').length === 0")
            let outbound = try await page.texts(direction: "outbound")
            let inbound = try await page.texts(direction: "inbound")
            #expect(outbound.count == agentExpected.count, "doubled or extra agent messages: \(outbound)")
            #expect(Set(outbound) == Set(agentExpected))
            #expect(inbound.count == guestExpected.count, "doubled or extra guest messages: \(inbound)")
            #expect(Set(inbound) == Set(guestExpected))
            try await page.capture("after-reconnects")
        }
    }
}
