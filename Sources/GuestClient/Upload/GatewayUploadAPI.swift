import Foundation

/// The JSON bodies of the Attaché gateway's upload API, as a client sees them.
///
/// These mirror the gateway's public contract (`Sources/Gateway/Resources/openapi.yaml`); the
/// SDK does not link the gateway, so it keeps its own copies. Unknown fields are ignored.
public enum GatewayUploadAPI {
    /// A gateway guest credential from `POST /v1/guests`.
    public struct GuestCredential: Codable, Sendable, Equatable {
        /// The bearer credential for the upload routes.
        public var credential: String
        /// When it expires.
        public var expiresAt: Date
        /// The guest's gateway id.
        public var guestId: String
    }

    /// `POST /v1/uploads` request.
    struct TicketRequest: Encodable, Sendable {
        var filename: String
        var size: Int64
        var contentType: String
        var sha256: String?
    }

    /// One presigned PUT (small files).
    struct SinglePut: Decodable, Sendable {
        var method: String
        var url: String
        var headers: [String: String]
    }

    /// A signed URL for one part.
    struct PartURL: Decodable, Sendable {
        var partNumber: Int
        var url: String
        var expiresAt: Date
    }

    /// A multipart upload.
    struct Multipart: Decodable, Sendable {
        var uploadId: String
        var partSize: Int64
        var partCount: Int
        var parts: [PartURL]
    }

    /// Either upload shape (one flat object on the wire).
    enum Instructions: Decodable, Sendable {
        case put(SinglePut)
        case multipart(Multipart)

        init(from decoder: any Decoder) throws {
            if let multipart = try? Multipart(from: decoder) {
                self = .multipart(multipart)
            } else {
                self = .put(try SinglePut(from: decoder))
            }
        }
    }

    /// `POST /v1/uploads` response.
    struct Ticket: Decodable, Sendable {
        var fileId: String
        var state: GatewayUploadState
        var upload: Instructions
    }

    /// `POST /v1/uploads/{id}/parts` request.
    struct PartsRequest: Encodable, Sendable {
        var partNumbers: [Int]
    }

    /// `POST /v1/uploads/{id}/parts` response.
    struct PartsResponse: Decodable, Sendable {
        var parts: [PartURL]
    }

    /// One part the store holds.
    struct StoredPart: Decodable, Sendable {
        var partNumber: Int
        var etag: String
        var size: Int64
    }

    /// `GET /v1/uploads/{id}/parts` response.
    struct ListPartsResponse: Decodable, Sendable {
        var uploadId: String
        var partSize: Int64
        var parts: [StoredPart]
    }

    /// One part named in a complete request.
    struct CompletedPart: Encodable, Sendable {
        var partNumber: Int
        var etag: String
    }

    /// `POST /v1/uploads/{id}/complete` request.
    struct CompleteRequest: Encodable, Sendable {
        var parts: [CompletedPart]
    }

    /// `GET /v1/uploads/{id}` response: a file's state as the gateway records it.
    public struct Status: Decodable, Sendable, Equatable {
        /// The file id.
        public var fileId: String
        /// The state.
        public var state: GatewayUploadState
        /// Why it was rejected or expired.
        public var reason: String?
        /// The sanitised filename.
        public var filename: String
        /// The declared size.
        public var size: Int64
        /// The declared content type.
        public var contentType: String
    }

    /// An `application/problem+json` body.
    struct Problem: Decodable, Sendable {
        var type: String?
        var title: String?
        var detail: String?
    }
}

/// A file's state at the gateway (`awaiting_upload`, `uploaded`, `scanning`, `clean`,
/// `rejected`, `expired`); unknown values from a newer gateway are kept as they are.
public struct GatewayUploadState: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: String

    /// Wraps a wire value.
    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// A ticket was issued; not all bytes arrived or the upload was not completed.
    public static let awaitingUpload = GatewayUploadState(rawValue: "awaiting_upload")
    /// Complete in quarantine, waiting for the scanner.
    public static let uploaded = GatewayUploadState(rawValue: "uploaded")
    /// Being scanned.
    public static let scanning = GatewayUploadState(rawValue: "scanning")
    /// Scanned and promoted: agents may get links to it.
    public static let clean = GatewayUploadState(rawValue: "clean")
    /// Refused by the scanner or the type check.
    public static let rejected = GatewayUploadState(rawValue: "rejected")
    /// Aborted or abandoned before completion.
    public static let expired = GatewayUploadState(rawValue: "expired")

    /// Whether no further change is expected.
    public var isFinal: Bool { self == .clean || self == .rejected || self == .expired }
}
