import Foundation
import TestSupport

@testable import WebMessaging

/// Random JSON and mutations of valid payloads, biased towards the protocol's own keys and values
/// so the fuzzer reaches deep decoding paths.
struct JSONMutator {
    var rng: SeededGenerator

    static let keys = [
        "type", "class", "code", "body", "tracingId", "action", "token", "message", "text", "content", "events",
        "contentType", "eventType", "attachment", "id", "direction", "metadata", "channel", "presence", "typing",
        "quickReply", "card", "carousel", "cards", "actions", "datePicker", "connected", "attachmentId", "errorCode",
        "deploymentId", "startNew", "url", "headers", "jwt", "exp", "retryAfter", "entities", "x",
    ]
    static let strings = [
        "response", "message", "SessionResponse", "StructuredMessage", "string", "PresignedUrlResponse",
        "UploadSuccessEvent", "UploadFailureEvent", "GenerateUrlError", "JwtResponse", "SessionExpiredEvent",
        "ConnectionClosedEvent", "TooManyRequestsErrorMessage", "Text", "Event", "Structured", "Inbound",
        "Outbound", "Attachment", "QuickReply", "Card", "Carousel", "DatePicker", "ButtonResponse", "Typing",
        "Presence", "Join", "Disconnect", "configureSession", "onMessage", "echo", "getJwt", "closeSession",
        "onAttachment", "", "ü\u{0}\"\\", "🤪",
    ]

    init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &rng)
    }

    mutating func chance(_ percent: Int) -> Bool {
        int(1...100) <= percent
    }

    /// A random JSON value of at most `depth` levels.
    mutating func randomValue(depth: Int) -> JSONValue {
        let kind = depth <= 0 ? int(0...3) : int(0...5)
        switch kind {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2:
            return chance(50) ? .number(Double(int(-5...5000))) : .number(Double.random(in: -1e6...1e6, using: &rng))
        case 3: return .string(Self.strings[int(0...Self.strings.count - 1)])
        case 4: return .array((0..<int(0...4)).map { _ in randomValue(depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<int(0...6) {
                members[Self.keys[int(0...Self.keys.count - 1)]] = randomValue(depth: depth - 1)
            }
            return .object(members)
        }
    }

    /// Replaces one randomly chosen node of `value` with a value of another kind.
    mutating func swappingType(in value: JSONValue) -> JSONValue {
        switch value {
        case .object(var members) where !members.isEmpty && chance(75):
            let keys = members.keys.sorted()
            let key = keys[int(0...keys.count - 1)]
            members[key] = swappingType(in: members[key] ?? .null)
            if chance(10) { members[key] = nil }
            return .object(members)
        case .array(var items) where !items.isEmpty && chance(75):
            let index = int(0...items.count - 1)
            items[index] = swappingType(in: items[index])
            return .array(items)
        default:
            var replacement = randomValue(depth: 2)
            while sameKind(replacement, value) {
                replacement = randomValue(depth: 2)
            }
            return replacement
        }
    }

    /// Byte-level damage: truncation, flips, insertions.
    mutating func damagingBytes(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        switch int(0...2) {
        case 0:
            bytes = Array(bytes.prefix(int(0...max(0, bytes.count - 1))))
        case 1:
            for _ in 0..<int(1...4) where !bytes.isEmpty {
                bytes[int(0...bytes.count - 1)] = UInt8.random(in: 0...255, using: &rng)
            }
        default:
            let inserts: [UInt8] = Array("{}[]\",:\\0-e.".utf8) + [0xFF, 0xC3, 0x00]
            for _ in 0..<int(1...3) {
                bytes.insert(inserts[int(0...inserts.count - 1)], at: int(0...bytes.count))
            }
        }
        return Data(bytes)
    }

    /// `value` nested `depth` times inside arrays or objects.
    mutating func nesting(_ value: JSONValue, depth: Int) -> Data {
        var text = String(decoding: (try? WebMessagingJSON.makeEncoder().encode(value)) ?? Data(), as: UTF8.self)
        let useArrays = chance(50)
        let open = useArrays ? "[" : #"{"body":"#
        let close = useArrays ? "]" : "}"
        text = String(repeating: open, count: depth) + text + String(repeating: close, count: depth)
        return Data(text.utf8)
    }

    private func sameKind(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null), (.bool, .bool), (.number, .number), (.string, .string), (.array, .array),
            (.object, .object):
            true
        default:
            false
        }
    }
}
