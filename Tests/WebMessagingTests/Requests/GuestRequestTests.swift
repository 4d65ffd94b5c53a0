import Foundation
import Testing

@testable import WebMessaging

/// Requests as the Genesys SDKs send them (shapes from the public Messenger transport SDK tests).
enum GuestRequestFixtures {
    static let configureSession = """
        {"token":"0b7f9e36-6a1c-4b0e-9d41-1f5c2a9e8d77","deploymentId":"f1e2d3c4-b5a6-4789-8abc-def012345678",\
        "startNew":false,"journeyContext":{"customer":{"id":"00000000-0000-0000-0000-000000000000","idType":"cookie"},\
        "customerSession":{"id":"","type":"web"}},"tracingId":"8d4b2c1a-0000-4000-8000-000000000001",\
        "action":"configureSession"}
        """
    static let configureSessionTriggered = """
        {"action":"configureSession","token":"tok","deploymentId":"dep","startNew":true,"journeyContext":\
        {"customer":{"id":"c1","idType":"cookie"},"customerSession":{"id":"s1","type":"web"},\
        "triggeringAction":{"id":"a1","actionMap":{"id":"m1","version":2}}},"tracingId":"t"}
        """
    static let configureAuthenticated = """
        {"token":"<token>","deploymentId":"<deploymentId>","startNew":false,"journeyContext":{"customer":\
        {"id":"00000000-0000-0000-0000-000000000000","idType":"cookie"},"customerSession":{"id":"","type":"web"}},\
        "data":{"code":"<auth_token>"},"tracingId":"tr-2","action":"configureAuthenticatedSession"}
        """
    static let onMessageText = """
        {"token":"<token>","message":{"text":"S3_FILE_UPLOADED","metadata":{"id":"aaa-bbb-ccc",\
        "attacheFileId":"f-7c1d"},"content":[{"contentType":"Attachment","attachment":{"id":"abcd-1234"}}],\
        "channel":{"metadata":{"customAttributes":{"attacheGuestId":"g-42"}}},"type":"Text"},\
        "tracingId":"tr-3","action":"onMessage"}
        """
    static let onMessagePlain =
        #"{"token":"<token>","message":{"text":"Hello world","type":"Text"},"#
        + #""tracingId":"tr-4","action":"onMessage","time":"2026-11-25T10:00:00.000Z"}"#
    static let typing =
        #"{"token":"token","tracingId":"tracing_id","action":"onMessage","#
        + #""message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}"#
    static let autoStart =
        #"{"token":"token","action":"onMessage","message":{"events":[{"eventType":"Presence","#
        + #""presence":{"type":"Join"}}],"channel":{"metadata":{"customAttributes":{"A":"B"}}},"type":"Event"},"#
        + #""tracingId":"tracing_id"}"#
    static let clear =
        #"{"token":"token","tracingId":"tracing_id","action":"onMessage","message":{"events":"#
        + #"[{"eventType":"Presence","presence":{"type":"Clear"}}],"type":"Event"}}"#
    static let buttonResponse =
        #"{"token":"t","action":"onMessage","tracingId":"x","message":{"type":"Structured","#
        + #""text":"Yes","content":[{"contentType":"ButtonResponse","buttonResponse":{"text":"Yes","#
        + #""payload":"cookie1","type":"QuickReply"}}]}}"#
    static let echo =
        #"{"token":"token","tracingId":"SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=","action":"echo","#
        + #""message":{"text":"ping","type":"Text"}}"#
    static let echoWithoutToken = #"{"action":"echo","message":{"text":"ping","type":"Text"}}"#
    static let onAttachment =
        #"{"token":"<token>","attachmentId":"00000000-0000-0000-0000-000000000001","#
        + #""fileName":"foo.png","fileType":"image/png","fileSize":424242,"#
        + #""fileMd5":"d41d8cd98f00b204e9800998ecf8427e","#
        + #""errorsAsJson":true,"tracingId":"tr-5","action":"onAttachment"}"#
    static let onAttachmentMinimal =
        #"{"token":"t","attachmentId":"a","fileName":"voice.ogg","#
        + #""fileType":"audio/ogg; codecs=opus","errorsAsJson":false,"action":"onAttachment"}"#
    static let getAttachment =
        #"{"token":"token","attachmentId":"test_attachment_id","tracingId":"tracing_id","#
        + #""action":"getAttachment"}"#
    static let deleteAttachment =
        #"{"token":"token","attachmentId":"test_attachment_id","#
        + #""tracingId":"tracing_id","action":"deleteAttachment"}"#
    static let getJwt = #"{"token":"token","tracingId":"tracing_id","action":"getJwt"}"#
    static let closeSession =
        #"{"token":"token","closeAllConnections":true,"tracingId":"tracing_id","#
        + #""action":"closeSession"}"#

    static let all: [(String, GuestRequestAction)] = [
        (configureSession, .configureSession), (configureSessionTriggered, .configureSession),
        (configureAuthenticated, .configureAuthenticatedSession), (onMessageText, .onMessage),
        (onMessagePlain, .onMessage), (typing, .onMessage), (autoStart, .onMessage), (clear, .onMessage),
        (buttonResponse, .onMessage), (echo, .echo), (echoWithoutToken, .echo), (onAttachment, .onAttachment),
        (onAttachmentMinimal, .onAttachment), (getAttachment, .getAttachment),
        (deleteAttachment, .deleteAttachment), (getJwt, .getJwt), (closeSession, .closeSession),
    ]
}

@Suite("GuestRequest")
struct GuestRequestTests {
    @Test("every realistic request round-trips to the same JSON object", arguments: GuestRequestFixtures.all)
    func roundTrips(text: String, action: GuestRequestAction) throws {
        let request = try JSONFixture.roundTrip(GuestRequest.self, text)
        #expect(request.action == action)
    }

    @Test("configureSession exposes its fields; token and tracingId are common")
    func configureSessionFields() throws {
        let request = try GuestRequest.decode(from: GuestRequestFixtures.configureSession)
        guard case .configureSession(let body) = request else {
            Issue.record("wrong case \(request)")
            return
        }
        #expect(body.deploymentId == "f1e2d3c4-b5a6-4789-8abc-def012345678")
        #expect(body.startNew == false)
        #expect(body.journeyContext?.customer.idType == "cookie")
        #expect(request.token == "0b7f9e36-6a1c-4b0e-9d41-1f5c2a9e8d77")
        #expect(request.tracingId == "8d4b2c1a-0000-4000-8000-000000000001")
    }

    @Test("onMessage carries metadata, attachment ids and custom attributes")
    func onMessageFields() throws {
        guard case .onMessage(let body) = try GuestRequest.decode(from: GuestRequestFixtures.onMessageText) else {
            Issue.record("wrong case")
            return
        }
        #expect(body.message.type == .text)
        #expect(body.message.metadata?["attacheFileId"] == "f-7c1d")
        #expect(body.message.content == [.attachment(MessageAttachment(id: "abcd-1234"))])
        #expect(body.message.channel?.metadata?.customAttributes == ["attacheGuestId": "g-42"])
    }

    @Test("an echo without a token (older clients) decodes")
    func echoWithoutToken() throws {
        let request = try GuestRequest.decode(from: GuestRequestFixtures.echoWithoutToken)
        #expect(request.action == .echo)
        #expect(request.token == nil)
        #expect(request.tracingId == nil)
    }

    @Test("a missing startNew reads as false and is then sent explicitly")
    func missingStartNew() throws {
        let text = #"{"token":"token","deploymentId":"deploymentId","action":"configureSession"}"#
        guard case .configureSession(let body) = try GuestRequest.decode(from: text) else {
            Issue.record("wrong case")
            return
        }
        #expect(body.startNew == false)
        #expect(try JSONFixture.encoded(GuestRequest.configureSession(body))["startNew"] == .bool(false))
    }

    @Test("unknown fields are ignored")
    func ignoresUnknownFields() throws {
        let text = #"{"action":"getJwt","token":"t","tracingId":"x","futureField":{"nested":[1,2]},"v":2}"#
        #expect(try GuestRequest.decode(from: text) == .getJwt(GetJwtRequest(token: "t", tracingId: "x")))
    }

    @Test(
        "an unknown or missing action decodes to .unknown with the raw JSON",
        arguments: [
            #"{"action":"subscribeToPresence","token":"t","tracingId":"x","extra":[true]}"#,
            #"{"token":"t","message":{"type":"Text","text":"hi"}}"#,
            #"{"action":17,"token":"t"}"#,
        ]
    )
    func unknownAction(text: String) throws {
        let request = try GuestRequest.decode(from: text)
        guard case .unknown(let raw) = request else {
            Issue.record("expected .unknown, got \(request)")
            return
        }
        #expect(raw == (try JSONFixture.value(text)))
        #expect(request.token == "t")
        #expect(try JSONFixture.encoded(request) == (try JSONFixture.value(text)))
    }

    @Test(
        "a known action with a malformed body throws",
        arguments: [
            #"{"action":"configureSession","token":"t"}"#,
            #"{"action":"onMessage","token":"t"}"#,
            #"{"action":"closeSession","token":"t","closeAllConnections":"yes"}"#,
            #"["action","getJwt"]"#,
        ]
    )
    func malformedKnownAction(text: String) {
        #expect(throws: WebMessagingError.self) { try GuestRequest.decode(from: text) }
    }

    @Test("encoding emits exactly Genesys' field names and omits nil optionals")
    func exactFieldNames() throws {
        let request = GuestRequest.onAttachment(
            OnAttachmentRequest(token: "t", attachmentId: "a", fileName: "f.pdf", fileType: "application/pdf")
        )
        let json = try JSONFixture.encoded(request)
        guard case .object(let members) = json else {
            Issue.record("not an object")
            return
        }
        #expect(Set(members.keys) == ["action", "token", "attachmentId", "fileName", "fileType", "errorsAsJson"])
    }

    @Test(
        "factories build the same JSON as the official SDKs",
        arguments: [
            (GuestRequest.typing(token: "token", tracingId: "tracing_id"), GuestRequestFixtures.typing),
            (.clearConversation(token: "token", tracingId: "tracing_id"), GuestRequestFixtures.clear),
            (
                .autoStart(token: "token", customAttributes: ["A": "B"], tracingId: "tracing_id"),
                GuestRequestFixtures.autoStart
            ),
            (.echo(EchoRequest(token: "token")), GuestRequestFixtures.echo),
            (
                .closeSession(CloseSessionRequest(token: "token", tracingId: "tracing_id")),
                GuestRequestFixtures.closeSession
            ),
            (
                .text("Hello world", token: "<token>", tracingId: "tr-4"),
                #"{"token":"<token>","message":{"text":"Hello world","type":"Text"},"tracingId":"tr-4","#
                    + #""action":"onMessage"}"#
            ),
        ]
    )
    func factories(request: GuestRequest, expected: String) throws {
        #expect(try JSONFixture.encoded(request) == (try JSONFixture.value(expected)))
    }

    @Test("presence and typing helpers recognise the event requests")
    func eventHelpers() {
        #expect(GuestRequest.clearConversation(token: "t").presenceTypes == [.clear])
        #expect(GuestRequest.autoStart(token: "t").presenceTypes == [.join])
        #expect(GuestRequest.typing(token: "t").isTyping)
        #expect(!GuestRequest.text("hi", token: "t").isTyping)
    }

    @Test("jsonString produces one frame that decodes back to the same request")
    func jsonString() throws {
        let request = GuestRequest.text(
            "S3_FILE_UPLOADED", token: "t", metadata: ["attacheFileId": "f1"],
            attachmentIds: ["f1"], customAttributes: ["g": "1"], tracingId: "x")
        let frame = try request.jsonString()
        #expect(!frame.contains("\n"))
        #expect(try GuestRequest.decode(from: frame) == request)
    }
}
