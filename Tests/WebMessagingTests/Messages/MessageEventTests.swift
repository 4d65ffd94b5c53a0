import Foundation
import Testing

@testable import WebMessaging

@Suite("MessageEvent")
struct MessageEventTests {
    @Test(
        "typing and every presence type round-trip",
        arguments: [
            (#"{"eventType":"Typing","typing":{"type":"On"}}"#, MessageEvent.typing(Typing())),
            (#"{"eventType":"Typing","typing":{"type":"On","duration":5000}}"#, .typing(Typing(duration: 5000))),
            (#"{"eventType":"Presence","presence":{"type":"Join"}}"#, .presence(Presence(type: .join))),
            (#"{"eventType":"Presence","presence":{"type":"Disconnect"}}"#, .presence(Presence(type: .disconnect))),
            (#"{"eventType":"Presence","presence":{"type":"Clear"}}"#, .presence(Presence(type: .clear))),
            (#"{"eventType":"Presence","presence":{"type":"SignIn"}}"#, .presence(Presence(type: .signIn))),
        ]
    )
    func known(text: String, expected: MessageEvent) throws {
        #expect(try JSONFixture.roundTrip(MessageEvent.self, text) == expected)
    }

    @Test(
        "unknown and malformed events decode to .unknown with the raw JSON",
        arguments: [
            #"{"eventType":"Error","error":{"code":"x"}}"#,
            #"{"eventType":"Typing"}"#,
            #"{"eventType":"Presence","presence":{}}"#,
            #"{"presence":{"type":"Join"}}"#,
            "null",
        ]
    )
    func unknown(text: String) throws {
        #expect(try JSONFixture.roundTrip(MessageEvent.self, text) == .unknown(try JSONFixture.value(text)))
    }

    @Test("an unknown presence type is kept as its raw string")
    func unknownPresenceType() throws {
        let text = #"{"eventType":"Presence","presence":{"type":"Away"}}"#
        let event = try JSONFixture.roundTrip(MessageEvent.self, text)
        #expect(event == .presence(Presence(type: PresenceType("Away"))))
        #expect(event.eventType == .presence)
    }
}
