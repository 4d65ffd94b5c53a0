/// One page of `GET /api/v2/webmessaging/messages` (newest first, pages numbered from 1).
public struct MessageHistoryPage: Sendable, Equatable, Codable {
    /// The messages on this page.
    public var entities: [StructuredMessage]
    /// The page size asked for.
    public var pageSize: Int
    /// This page's number, from 1.
    public var pageNumber: Int
    /// The total number of messages.
    public var total: Int
    /// The number of pages.
    public var pageCount: Int

    /// Creates a page.
    public init(entities: [StructuredMessage], pageSize: Int, pageNumber: Int, total: Int, pageCount: Int) {
        self.entities = entities
        self.pageSize = pageSize
        self.pageNumber = pageNumber
        self.total = total
        self.pageCount = pageCount
    }

    private enum CodingKeys: String, CodingKey {
        case entities, pageSize, pageNumber, total, pageCount
    }

    /// Decodes a page; a missing `entities` reads as empty.
    /// - Throws: `DecodingError` when a counter is missing or a message is malformed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        entities = try container.decodeIfPresent([StructuredMessage].self, forKey: .entities) ?? []
        pageSize = try container.decode(Int.self, forKey: .pageSize)
        pageNumber = try container.decode(Int.self, forKey: .pageNumber)
        total = try container.decode(Int.self, forKey: .total)
        pageCount = try container.decode(Int.self, forKey: .pageCount)
    }
}
