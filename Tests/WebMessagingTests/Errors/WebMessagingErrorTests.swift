import Foundation
import Testing

@testable import WebMessaging

@Suite("WebMessagingError")
struct WebMessagingErrorTests {
    @Test("invalid JSON has code WM_INVALID_JSON")
    func invalidJSON() {
        #expect(throws: WebMessagingError.self) { try ServerMessage.decode(from: "{not json") }
        do {
            _ = try ServerMessage.decode(from: "{not json")
        } catch {
            #expect(error.code == .invalidJSON)
            #expect(error.description.hasPrefix("WM_INVALID_JSON: "))
        }
    }

    @Test("a missing field names the field and path, not the payload's values")
    func missingField() {
        let text = #"{"type":"response","class":"JwtResponse","code":200,"body":{"jwt":"secret-jwt-value"}}"#
        do {
            _ = try ServerMessage.decode(from: text)
            Issue.record("expected a throw")
        } catch {
            #expect(error.code == .malformedMessage)
            #expect(error.message.contains("'exp'"))
            #expect(error.message.contains(".body"))
            #expect(!error.description.contains("secret-jwt-value"))
        }
    }

    @Test("a wrong type names the expected type")
    func wrongType() {
        do {
            _ = try GuestRequest.decode(from: #"{"action":"getJwt","token":42}"#)
            Issue.record("expected a throw")
        } catch {
            #expect(error.code == .malformedMessage)
            #expect(error.message.contains("String"))
        }
    }
}
