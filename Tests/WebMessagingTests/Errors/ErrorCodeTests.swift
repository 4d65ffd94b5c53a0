import Foundation
import Testing

@testable import WebMessaging

@Suite("ErrorCode")
struct ErrorCodeTests {
    @Test(
        "documented numbers have their static members",
        arguments: [
            (ErrorCode.featureUnavailable, 4000), (.fileTypeInvalid, 4001), (.fileSizeInvalid, 4002),
            (.fileContentInvalid, 4003), (.fileNameInvalid, 4004), (.fileNameTooLong, 4005),
            (.sessionExpired, 4006), (.sessionNotFound, 4007), (.attachmentExpired, 4008),
            (.attachmentNotFound, 4009), (.attachmentNotSuccessfullyUploaded, 4010), (.messageTooLong, 4011),
            (.customAttributesTooLarge, 4013), (.cannotDowngradeToUnauthenticated, 4017),
            (.missingParameter, 4020), (.requestRateTooHigh, 4029), (.unexpectedError, 5000),
            (.badRequest, 400), (.unauthorized, 401), (.forbidden, 403), (.notFound, 404),
            (.requestTimeout, 408), (.tooManyRequests, 429),
        ]
    )
    func documentedNumbers(code: ErrorCode, number: Int) {
        #expect(code.rawValue == number)
        #expect(ErrorCode(rawValue: number) == code)
        #expect(code.name != nil)
        #expect(ErrorCode.documented.contains(code))
    }

    @Test("only 4006 and 4007 end the session")
    func endsSession() {
        let ending = ErrorCode.documented.filter(\.endsSession)
        #expect(ending == [.sessionExpired, .sessionNotFound])
    }

    @Test("4029 and 429 are rate limits")
    func rateLimits() {
        #expect(ErrorCode.documented.filter(\.isRateLimit) == [.tooManyRequests, .requestRateTooHigh])
    }

    @Test("undocumented numbers decode, print bare and keep their value")
    func undocumented() throws {
        let code = try JSONDecoder().decode(ErrorCode.self, from: Data("4242".utf8))
        #expect(code.rawValue == 4242)
        #expect(code.name == nil)
        #expect(code.description == "4242")
        #expect(ErrorCode.sessionExpired.description == "4006 (session expired)")
    }

    @Test("encodes as a bare number")
    func encodesBare() throws {
        #expect(try JSONFixture.encoded([ErrorCode.fileTypeInvalid]) == .array([.number(4001)]))
    }
}
