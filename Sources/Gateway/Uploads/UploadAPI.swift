import Foundation

/// The JSON bodies of the upload API (the public contract: extend, never rename).
public enum UploadAPI {
    /// `POST /v1/guests` request.
    public struct GuestRequest: Codable, Sendable {
        /// The Genesys guest session token.
        public var sessionToken: String
        /// The Genesys web-messaging deployment id.
        public var deploymentId: String
    }

    /// `POST /v1/guests` response.
    public struct GuestResponse: Codable, Sendable, Equatable {
        /// The bearer credential for later calls.
        public var credential: String
        /// When it expires (ISO 8601).
        public var expiresAt: Date
        /// The guest's gateway id.
        public var guestId: String
    }

    /// `POST /v1/uploads` request.
    public struct TicketRequest: Codable, Sendable {
        /// The file's name (data, sanitised).
        public var filename: String
        /// The size in bytes.
        public var size: Int64
        /// The declared MIME type.
        public var contentType: String
        /// The SHA-256 of the bytes, lowercase hex, optional.
        public var sha256: String?

        enum CodingKeys: String, CodingKey {
            case filename, size, contentType, sha256
        }

        /// Creates a request.
        public init(filename: String, size: Int64, contentType: String, sha256: String? = nil) {
            self.filename = filename
            self.size = size
            self.contentType = contentType
            self.sha256 = sha256
        }

        /// Decodes a request; a `size` that is not a whole number of bytes fits in 64 bits is
        /// reported at the `size` key.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            filename = try container.decode(String.self, forKey: .filename)
            contentType = try container.decode(String.self, forKey: .contentType)
            sha256 = try container.decodeIfPresent(String.self, forKey: .sha256)
            if let value = try? container.decode(Int64.self, forKey: .size) {
                size = value
            } else if container.contains(.size) {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: [CodingKeys.size], debugDescription: "size is not a 64-bit whole number")
                )
            } else {
                throw DecodingError.keyNotFound(
                    CodingKeys.size, .init(codingPath: [], debugDescription: "size is required")
                )
            }
        }
    }

    /// One presigned request for the single-PUT case.
    public struct SinglePut: Codable, Sendable, Equatable {
        /// Always `PUT`.
        public var method: String
        /// The signed URL.
        public var url: String
        /// Headers to send exactly.
        public var headers: [String: String]
        /// When the URL expires.
        public var expiresAt: Date
    }

    /// A signed URL for one part.
    public struct PartURL: Codable, Sendable, Equatable {
        /// 1-based part number.
        public var partNumber: Int
        /// The signed URL (`PUT`).
        public var url: String
        /// When it expires.
        public var expiresAt: Date
    }

    /// The multipart case.
    public struct Multipart: Codable, Sendable, Equatable {
        /// The store's multipart upload id.
        public var uploadId: String
        /// The size of every part but the last.
        public var partSize: Int64
        /// How many parts the file has.
        public var partCount: Int
        /// The first batch of part URLs.
        public var parts: [PartURL]
    }

    /// Either upload shape; encodes as one flat object.
    public enum UploadInstructions: Codable, Sendable, Equatable {
        /// One PUT.
        case put(SinglePut)
        /// A multipart upload.
        case multipart(Multipart)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .put(let put): try put.encode(to: encoder)
            case .multipart(let multipart): try multipart.encode(to: encoder)
            }
        }

        public init(from decoder: any Decoder) throws {
            if let multipart = try? Multipart(from: decoder) {
                self = .multipart(multipart)
            } else {
                self = .put(try SinglePut(from: decoder))
            }
        }
    }

    /// `POST /v1/uploads` response.
    public struct TicketResponse: Codable, Sendable, Equatable {
        /// The file id.
        public var fileId: String
        /// `awaiting_upload`.
        public var state: UploadState
        /// How to upload.
        public var upload: UploadInstructions
    }

    /// `POST /v1/uploads/{id}/parts` request.
    public struct PartsRequest: Codable, Sendable {
        /// The parts to sign again.
        public var partNumbers: [Int]
    }

    /// `POST /v1/uploads/{id}/parts` response.
    public struct PartsResponse: Codable, Sendable, Equatable {
        /// Fresh part URLs.
        public var parts: [PartURL]
    }

    /// One part the store holds.
    public struct StoredPartInfo: Codable, Sendable, Equatable {
        /// Part number.
        public var partNumber: Int
        /// The part's ETag.
        public var etag: String
        /// Bytes.
        public var size: Int64
    }

    /// `GET /v1/uploads/{id}/parts` response.
    public struct ListPartsResponse: Codable, Sendable, Equatable {
        /// The upload id.
        public var uploadId: String
        /// The part size.
        public var partSize: Int64
        /// What the store holds.
        public var parts: [StoredPartInfo]
    }

    /// One part named in a complete request.
    public struct CompletedPart: Codable, Sendable, Equatable {
        /// Part number.
        public var partNumber: Int
        /// The ETag the store returned for the part.
        public var etag: String
    }

    /// `POST /v1/uploads/{id}/complete` request.
    public struct CompleteRequest: Codable, Sendable {
        /// The parts (empty or absent for a single PUT).
        public var parts: [CompletedPart]?
    }

    /// `GET /v1/uploads/{id}` response (also the data of each SSE event).
    public struct StatusResponse: Codable, Sendable, Equatable {
        /// The file id.
        public var fileId: String
        /// The state.
        public var state: UploadState
        /// Why it was rejected or expired.
        public var reason: String?
        /// The sanitised filename.
        public var filename: String
        /// Declared size.
        public var size: Int64
        /// Declared type.
        public var contentType: String
        /// Type detected by the scanner.
        public var detectedType: String?
        /// When the ticket was issued.
        public var createdAt: Date
        /// When the state last changed.
        public var updatedAt: Date

        /// The status of a record.
        public init(_ record: UploadRecord) {
            fileId = record.fileId
            state = record.state
            reason = record.reason
            filename = record.filename
            size = record.size
            contentType = record.contentType
            detectedType = record.detectedType
            createdAt = record.createdAt
            updatedAt = record.updatedAt
        }
    }
}
