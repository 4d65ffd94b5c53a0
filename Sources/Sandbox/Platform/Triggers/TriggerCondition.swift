import Foundation
import WebMessaging

/// When a trigger rule fires: every condition that is set must hold (logical and).
///
/// Event-only messages (typing, presence) never match, as Architect's inbound message flow only
/// runs for messages. A struct with static members, so conditions can be added later.
public struct TriggerCondition: Sendable, Equatable, Codable {
    /// The message text must contain this keyword.
    public var textContains: String?
    /// Whether the keyword comparison ignores case (default: exact, like Architect's `Contains`).
    public var ignoreCase: Bool
    /// The message must be the conversation's first guest message.
    public var firstMessage: Bool
    /// The message metadata must have this key.
    public var metadataKey: String?

    /// Creates a condition; with no arguments it matches every (non-event) message.
    public init(
        textContains: String? = nil,
        ignoreCase: Bool = false,
        firstMessage: Bool = false,
        metadataKey: String? = nil
    ) {
        self.textContains = textContains
        self.ignoreCase = ignoreCase
        self.firstMessage = firstMessage
        self.metadataKey = metadataKey
    }

    /// Messages whose text contains `keyword` (e.g. `S3_FILE_UPLOADED`).
    public static func textContains(_ keyword: String, ignoreCase: Bool = false) -> TriggerCondition {
        TriggerCondition(textContains: keyword, ignoreCase: ignoreCase)
    }

    /// The first guest message of each conversation.
    public static let firstMessage = TriggerCondition(firstMessage: true)

    /// Messages whose metadata has `key`.
    public static func metadataKey(_ key: String) -> TriggerCondition {
        TriggerCondition(metadataKey: key)
    }

    /// Every non-event message.
    public static let anyMessage = TriggerCondition()

    /// Whether a message satisfies the condition. Pure.
    public func matches(_ facts: TriggerFacts) -> Bool {
        guard facts.messageType != .event else { return false }
        if firstMessage && !facts.isFirstMessage { return false }
        if let keyword = textContains {
            guard !keyword.isEmpty, let text = facts.text else { return false }
            let found =
                ignoreCase
                ? text.range(of: keyword, options: [.caseInsensitive]) != nil
                : text.contains(keyword)
            if !found { return false }
        }
        if let key = metadataKey, facts.metadata[key] == nil { return false }
        return true
    }

    enum CodingKeys: String, CodingKey {
        case textContains, ignoreCase, firstMessage, metadataKey
    }

    /// Decodes a condition; every field is optional.
    /// - Throws: `DecodingError` when a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.textContains = try container.decodeIfPresent(String.self, forKey: .textContains)
        self.ignoreCase = try container.decodeIfPresent(Bool.self, forKey: .ignoreCase) ?? false
        self.firstMessage = try container.decodeIfPresent(Bool.self, forKey: .firstMessage) ?? false
        self.metadataKey = try container.decodeIfPresent(String.self, forKey: .metadataKey)
    }
}
