import Foundation
import Testing

@testable import WebMessaging

@Suite("ServerMessage")
struct ServerMessageTests {
    @Test("every realistic server frame round-trips to the same JSON object", arguments: ServerMessageFixtures.all)
    func roundTrips(text: String, className: ServerMessageClass) throws {
        let message = try JSONFixture.roundTrip(ServerMessage.self, text)
        #expect(message.className == className)
    }

    @Test("a full SessionResponse exposes limits and blocked extensions")
    func sessionResponseFields() throws {
        let message = try ServerMessage.decode(from: ServerMessageFixtures.sessionFull)
        guard case .sessionResponse(let session) = message.body else {
            Issue.record("wrong body \(message.body)")
            return
        }
        #expect(message.type == .response)
        #expect(message.tracingId == "tr-1")
        #expect(session.connected && session.isNewSession && !session.isReadOnly)
        #expect(session.maxCustomDataBytes == 2048)
        #expect(session.allowedMedia?.inbound?.maxFileSizeKB == 10240)
        #expect(session.allowedMedia?.inbound?.fileTypes?.map(\.type) == ["video/mpg", "*/*"])
        #expect(session.blockedExtensions == [".ade", ".adp"])
    }

    @Test(
        "string bodies carry their error number in code",
        arguments: [
            (ServerMessageFixtures.stringSessionExpired, ErrorCode.sessionExpired, true),
            (ServerMessageFixtures.stringUnauthorized, .unauthorized, false),
            (ServerMessageFixtures.stringCustomAttributes, .customAttributesTooLarge, false),
            (ServerMessageFixtures.stringUnexpected, .unexpectedError, false),
        ])
    func stringErrors(text: String, code: ErrorCode, endsSession: Bool) throws {
        let message = try ServerMessage.decode(from: text)
        guard case .string(let body) = message.body else {
            Issue.record("wrong body")
            return
        }
        #expect(!body.isEmpty)
        #expect(message.errorCode == code)
        #expect(message.errorCode?.endsSession == endsSession)
    }

    @Test("a success has no error code")
    func successHasNoErrorCode() throws {
        #expect(try ServerMessage.decode(from: ServerMessageFixtures.sessionBasic).errorCode == nil)
    }

    @Test("upload and rate-limit bodies decode their fields")
    func uploadBodies() throws {
        let failure = try ServerMessage.decode(from: ServerMessageFixtures.uploadFailure)
        #expect(
            failure.body
                == .uploadFailureEvent(
                    UploadFailureEvent(
                        attachmentId: "abcd-1234", errorCode: .fileTypeInvalid, errorMessage: "error message",
                        timestamp: "2021-04-21T14:03:09.581Z"
                    )))
        let limited = try ServerMessage.decode(from: ServerMessageFixtures.tooManyRequests)
        #expect(limited.code == 429)
        #expect(
            limited.body
                == .tooManyRequestsErrorMessage(
                    TooManyRequestsErrorMessage(
                        retryAfter: 3, errorCode: .requestRateTooHigh,
                        errorMessage: "Message rate too high for this session"
                    )))
        let presigned = try ServerMessage.decode(from: ServerMessageFixtures.presignedMinimal)
        guard case .presignedUrlResponse(let body) = presigned.body else {
            Issue.record("wrong body")
            return
        }
        #expect(body.headers["x-amz-tagging"] != nil)
        #expect(body.fileName == nil && body.fileSize == nil && body.fileType == nil)
    }

    @Test("an unknown class decodes to .unknown keeping the raw body, and re-encodes unchanged")
    func unknownClass() throws {
        let text =
            #"{"type":"message","class":"ReadReceiptEvent","code":200,"body":{"messageId":"m1","#
            + #""read":true,"at":[1,2,{"x":null}]},"tracingId":"t"}"#
        let message = try ServerMessage.decode(from: text)
        #expect(message.className.rawValue == "ReadReceiptEvent")
        #expect(
            message.body
                == .unknown(
                    className: "ReadReceiptEvent",
                    body: try JSONFixture.value(#"{"messageId":"m1","read":true,"at":[1,2,{"x":null}]}"#)
                ))
        #expect(try JSONFixture.encoded(message) == (try JSONFixture.value(text)))
    }

    @Test("an unknown class without a body decodes with a null body")
    func unknownClassWithoutBody() throws {
        let message = try ServerMessage.decode(from: #"{"type":"response","code":200,"class":"clazz"}"#)
        #expect(message.body == .unknown(className: "clazz", body: .null))
    }

    @Test("unknown fields are ignored at every level")
    func extraFields() throws {
        let text =
            #"{"type":"response","class":"JwtResponse","code":200,"requestId":"r","#
            + #""body":{"jwt":"j","exp":5,"scope":["a"]},"tracingId":"t","v":{"deep":[1]}}"#
        let message = try ServerMessage.decode(from: text)
        #expect(message == .response(.jwtResponse(JwtResponse(jwt: "j", exp: 5)), tracingId: "t"))
    }

    @Test("empty event bodies ignore fields and encode as {}")
    func emptyEvents() throws {
        let text = #"{"type":"message","class":"SessionExpiredEvent","code":200,"body":{"reason":"idle"}}"#
        let message = try ServerMessage.decode(from: text)
        #expect(message.body == .sessionExpiredEvent(SessionExpiredEvent()))
        #expect(try JSONFixture.encoded(message)["body"] == .object([:]))
    }

    @Test(
        "malformed envelopes or known bodies throw",
        arguments: [
            #"{"class":"SessionResponse","code":200,"body":{"connected":true}}"#,
            #"{"type":"response","class":"SessionResponse","body":{"connected":true}}"#,
            #"{"type":"response","code":200,"body":{}}"#,
            #"{"type":"response","class":"SessionResponse","code":200,"body":{}}"#,
            #"{"type":"response","class":"string","code":4006,"body":{"text":"x"}}"#,
            #"{"type":"response","class":"UploadFailureEvent","code":200,"body":{"attachmentId":"a","errorCode":"x","#
                + #""errorMessage":"m"}}"#,
            "[]",
            "",
        ]
    )
    func malformed(text: String) {
        #expect(throws: WebMessagingError.self) { try ServerMessage.decode(from: text) }
    }

    @Test("constructors build what a sandbox sends")
    func constructors() throws {
        let error = ServerMessage.error(.sessionExpired, "session expired error message")
        #expect(
            try JSONFixture.encoded(error)
                == (try JSONFixture.value(
                    #"{"type":"response","class":"string","code":4006,"body":"session expired error message"}"#
                )))
        let closed = ServerMessage.message(.connectionClosedEvent(ConnectionClosedEvent()))
        #expect(try closed.jsonString() == #"{"body":{},"class":"ConnectionClosedEvent","code":200,"type":"message"}"#)
    }

    @Test("correlationId falls back to metadata.customMessageId for older clients")
    func correlationId() throws {
        var message = try ServerMessage.decode(from: ServerMessageFixtures.guestEcho)
        #expect(message.correlationId == "some_custom_id")
        message.tracingId = nil
        #expect(message.correlationId == "cm-1")
    }

    @Test(
        "session expiry and 4006/4007 end the session; other errors do not",
        arguments: [
            (ServerMessageFixtures.sessionExpired, true), (ServerMessageFixtures.stringSessionExpired, true),
            (#"{"type":"response","class":"string","code":4007,"body":"session not found"}"#, true),
            (ServerMessageFixtures.stringUnauthorized, false), (ServerMessageFixtures.tooManyRequests, false),
            (ServerMessageFixtures.sessionBasic, false),
        ]
    )
    func endsSession(text: String, ends: Bool) throws {
        #expect(try ServerMessage.decode(from: text).endsSession == ends)
    }
}
