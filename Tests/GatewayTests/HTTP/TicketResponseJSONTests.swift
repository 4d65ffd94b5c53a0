import Foundation
import Testing

@testable import Gateway

@Suite("Ticket response JSON written without JSONEncoder")
struct TicketResponseJSONTests {
    private static func put(url: String, headers: [String: String], expiresAt: Date) -> UploadAPI.TicketResponse {
        UploadAPI.TicketResponse(
            fileId: "0123456789abcdef0123456789abcdef", state: .awaitingUpload,
            upload: .put(UploadAPI.SinglePut(method: "PUT", url: url, headers: headers, expiresAt: expiresAt)))
    }

    @Test("A single-PUT ticket's bytes are the encoder's, for many times, headers and URL texts")
    func singlePutMatchesEncoder() throws {
        var generator = SystemRandomNumberGenerator()
        let texts = [
            "https://bucket.s3.us-east-1.amazonaws.com/uploads/abc?X-Amz-Signature=00&a=b%2Fc",
            "http://127.0.0.1:8080/v1/objects/quarantine/uploads/x?sig=\"q\"\\back\u{1}\n\t\u{7F}é🙂/",
            "",
        ]
        for index in 0..<2_000 {
            let seconds = Double.random(in: 0..<4_102_444_800, using: &generator)
            let headers: [String: String] =
                index % 3 == 0
                ? [:]
                : [
                    "Content-Type": "application/pdf", "Content-Length": "\(index)",
                    "x-amz-server-side-encryption": "aws:kms", "Zeta\u{8}": texts[index % texts.count],
                ]
            let ticket = Self.put(
                url: texts[index % texts.count], headers: headers, expiresAt: Date(timeIntervalSince1970: seconds))
            let expected = Array(try UploadHandlers.encoder.encode(ticket))
            let written = try ticket.jsonBytes()
            #expect(written == expected, "\(String(decoding: written, as: UTF8.self))")
            if written != expected { return }
        }
    }

    @Test("A multipart ticket goes through the encoder and decodes back to itself")
    func multipartRoundTrips() throws {
        let ticket = UploadAPI.TicketResponse(
            fileId: "f", state: .awaitingUpload,
            upload: .multipart(
                UploadAPI.Multipart(
                    uploadId: "u", partSize: 8 << 20, partCount: 2,
                    parts: [
                        .init(partNumber: 1, url: "https://x/1", expiresAt: Date(timeIntervalSince1970: 1_800_000_000))
                    ])))
        let bytes = try ticket.jsonBytes()
        #expect(bytes == Array(try UploadHandlers.encoder.encode(ticket)))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(UploadAPI.TicketResponse.self, from: Data(bytes)) == ticket)
    }
}
