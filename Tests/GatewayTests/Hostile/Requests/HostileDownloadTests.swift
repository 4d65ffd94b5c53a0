import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// Filenames built to break out of `Content-Disposition` (quotes, `;`, encoded CR/LF, RFC 2047
/// words, markup) are accepted as data, and the signed download link carries them only escaped:
/// the `response-content-disposition` the gateway signs and serves has one quoted ASCII
/// `filename` with no quote, backslash, percent or control character inside, and an RFC 5987
/// `filename*` that decodes back to the stored name. Tampering with the signed value is a 403.
@Suite("Hostile filenames in the signed download's Content-Disposition")
struct HostileDownloadTests {
    static let names = [
        #"a"; filename="evil.html"; x=".pdf"#, #"quote"inside.pdf"#, "semi;colon=1.pdf", "%0D%0ASet-Cookie: a=b.pdf",
        "=?UTF-8?B?ZXZpbC5leGU=?=.pdf", "<img src=x onerror=alert(1)>.pdf", "naïve “smart” ‘quotes’.pdf",
        "tab\u{2028}line\u{2029}sep.pdf", "back`tick$(id).pdf", "..pdf", "...pdf", "emoji 🧾.pdf",
    ]

    /// `disposition; filename="…"; filename*=UTF-8''…` with nothing that could end the header
    /// or the quoted string early.
    static func checkShape(_ value: String, _ name: String) {
        #expect(!value.unicodeScalars.contains { $0.value < 0x20 || $0.value >= 0x7F }, "\(name): \(value)")
        let pattern =
            #/^(attachment|inline); filename="([ !#-$&-\[\]-~]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]*)$/#
        #expect(value.wholeMatch(of: pattern) != nil, "\(name): \(value)")
    }

    @Test("Each name is stored as data and reaches Content-Disposition only escaped", arguments: names)
    func disposition(_ name: String) async throws {
        let gateway = try HostileGateway()
        try await gateway.run { client in
            let auth = try await client.guest()
            let fileId = try await gateway.uploadClean(HostileWorld.pdf, filename: name, auth: auth, client: client)
            let conversation = UUID().uuidString.lowercased()
            let agent = UUID().uuidString.lowercased()
            try await gateway.register(
                guestId: HostileWorld.guestId(auth), conversationId: conversation, client: client)
            gateway.genesys.set(FakeGenesysPlatform.conversation(conversation, agents: [(agent, "connected")]))
            let link = try await gateway.link(
                conversationId: conversation, userId: agent, fileId: fileId, client: client)
            #expect(link.decision == "allowed")
            let signed = try #require(queryItems(link.url)["response-content-disposition"])
            Self.checkShape(signed, name)
            let encoded = try #require(signed.components(separatedBy: "filename*=UTF-8''").last)
            #expect(encoded.removingPercentEncoding == link.filename)
            #expect(link.filename == FilenameSanitizer.sanitize(name))

            let served = try await client.execute(uri: HostileGateway.relative(link.url), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                return response.headers[.contentDisposition]
            }
            #expect(served == signed)

            // A tampered disposition (the classic "make it inline HTML" edit) breaks the signature.
            let before = try await gateway.snapshot()
            let tampered = Self.replacing(
                "response-content-disposition", with: "inline; filename=\"evil.html\"", in: link.url)
            try await client.execute(uri: HostileGateway.relative(tampered), method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentDisposition] == nil)
            }
            #expect(try await gateway.snapshot() == before)
        }
    }

    /// `url` with one query parameter's value replaced (percent-encoded).
    static func replacing(_ name: String, with value: String, in url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.queryItems = components.queryItems?.map {
            $0.name == name ? URLQueryItem(name: name, value: value) : $0
        }
        return components.string ?? url
    }
}
