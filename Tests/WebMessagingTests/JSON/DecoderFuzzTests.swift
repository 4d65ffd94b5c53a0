import Foundation
import Testing

@testable import WebMessaging

/// Property: whatever bytes arrive, decoding either succeeds or throws ``WebMessagingError`` — it
/// never crashes — and whatever decodes re-encodes to JSON that decodes to the same value.
///
/// `scripts/test` runs the short form. The long run multiplies every count by
/// `ATTACHE_FUZZ_SCALE` and, with `ATTACHE_FUZZ_SEED`, draws from other seeds (printed, so a
/// failure reproduces): `ATTACHE_FUZZ_SCALE=100 ATTACHE_FUZZ_SEED=2026 swift test --filter DecoderFuzzTests`.
@Suite("Decoder fuzzing")
struct DecoderFuzzTests {
    /// How many times the short run's counts (`ATTACHE_FUZZ_SCALE`, default 1).
    static let scale =
        ProcessInfo.processInfo.environment["ATTACHE_FUZZ_SCALE"].flatMap(Int.init).map { max($0, 1) } ?? 1
    /// Added to every generator's seed (`ATTACHE_FUZZ_SEED`, default 0: the short run's seeds).
    static let seedOffset = ProcessInfo.processInfo.environment["ATTACHE_FUZZ_SEED"].flatMap(UInt64.init) ?? 0

    private static let validPayloads: [Data] =
        (ServerMessageFixtures.all.map(\.0) + GuestRequestFixtures.all.map(\.0)).map { Data($0.utf8) }

    /// Decodes `data` as every top-level protocol type and checks the round-trip property.
    private func exercise(_ data: Data) -> Int {
        var decoded = 0
        decoded += check(ServerMessage.self, data)
        decoded += check(GuestRequest.self, data)
        decoded += check(StructuredMessage.self, data)
        decoded += check(MessageHistoryPage.self, data)
        return decoded
    }

    private func check<T: Codable & Equatable>(_ type: T.Type, _ data: Data) -> Int {
        let value: T
        do {
            value = try WebMessagingJSON.decode(T.self, from: data)
        } catch {
            #expect(!error.message.isEmpty)
            return 0
        }
        do {
            let again = try WebMessagingJSON.decode(T.self, from: WebMessagingJSON.encode(value))
            #expect(again == value, "round trip changed a \(T.self)")
        } catch {
            Issue.record("a decoded \(T.self) did not re-encode and decode: \(error)")
        }
        return 1
    }

    @Test("random protocol-flavoured JSON never crashes the decoders", arguments: [UInt64(1), 2, 3])
    func randomJSON(seed: UInt64) throws {
        var mutator = JSONMutator(seed: seed &+ Self.seedOffset)
        var decoded = 0
        if Self.scale > 1 || Self.seedOffset != 0 {
            print("decoder fuzzing: scale \(Self.scale), seed offset \(Self.seedOffset)")
        }
        for _ in 0..<(1000 * Self.scale) {
            var value = mutator.randomValue(depth: 5)
            if case .object(var members) = value, mutator.chance(60) {
                members["type"] = .string(mutator.chance(50) ? "response" : "message")
                members["code"] = .number(200)
                members["class"] = .string(JSONMutator.strings[mutator.int(0...25)])
                value = .object(members)
            }
            decoded += exercise(try WebMessagingJSON.encode(value))
        }
        #expect(decoded > 0, "the generator never produced a decodable frame")
    }

    @Test("type swaps inside valid payloads never crash the decoders")
    func typeSwaps() throws {
        var mutator = JSONMutator(seed: 42 &+ Self.seedOffset)
        for iteration in 0..<(3000 * Self.scale) {
            let payload = Self.validPayloads[iteration % Self.validPayloads.count]
            let value = try WebMessagingJSON.decode(JSONValue.self, from: payload)
            _ = exercise(try WebMessagingJSON.encode(mutator.swappingType(in: value)))
        }
    }

    @Test("truncated, byte-flipped and spliced payloads never crash the decoders")
    func byteDamage() {
        var mutator = JSONMutator(seed: 7 &+ Self.seedOffset)
        for iteration in 0..<(3000 * Self.scale) {
            let payload = Self.validPayloads[iteration % Self.validPayloads.count]
            _ = exercise(mutator.damagingBytes(payload))
        }
    }

    @Test("deep nesting throws or decodes, never overflows the stack")
    func deepNesting() {
        var mutator = JSONMutator(seed: 99)
        for depth in [10, 100, 511, 512, 513, 1000, 5000, 100_000] {
            let inner = Self.validPayloads[mutator.int(0...Self.validPayloads.count - 1)]
            let value = (try? WebMessagingJSON.decode(JSONValue.self, from: inner)) ?? .null
            _ = exercise(mutator.nesting(value, depth: depth))
        }
        let deepBody =
            #"{"type":"message","class":"Unknown","code":200,"body":"#
            + String(repeating: "[", count: 400) + String(repeating: "]", count: 400) + "}"
        let message = try? ServerMessage.decode(from: deepBody)
        #expect(message?.className.rawValue == "Unknown")
        _ = exercise(Data(deepBody.utf8))
    }
}
