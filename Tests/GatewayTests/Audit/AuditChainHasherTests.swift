import Foundation
import Testing

@testable import Gateway

/// The link hash: every field counts, field boundaries cannot shift, `nil` differs from "".
@Suite("Audit chain: link hash")
struct AuditChainHasherTests {
    let entry = AuditEntry(
        id: 7, at: Date(timeIntervalSince1970: 1_800_000_000.5), actor: "agent:u1", action: "link.allowed",
        fileId: "f1", detail: "conversation=c1 expires=60")

    @Test("A known link hashes to 64 lower-case hex digits, the same every time")
    func stable() {
        let hash = AuditChainHasher.hash(prevHash: AuditChainHasher.genesis, seq: 1, entry: entry)
        #expect(hash.count == 64)
        #expect(hash.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(hash == AuditChainHasher.hash(prevHash: AuditChainHasher.genesis, seq: 1, entry: entry))
    }

    @Test("Changing any field, the position or the previous hash changes the hash")
    func everyFieldCounts() {
        let base = AuditChainHasher.hash(prevHash: AuditChainHasher.genesis, seq: 1, entry: entry)
        var variants: [AuditEntry] = []
        for change in 0..<7 {
            var changed = entry
            switch change {
            case 0: changed.id = 8
            case 1: changed.at = entry.at.addingTimeInterval(0.000_001)
            case 2: changed.actor = "agent:u2"
            case 3: changed.action = "link.denied"
            case 4: changed.fileId = nil
            case 5: changed.detail = nil
            default: changed.detail = "conversation=c1 expires=61"
            }
            variants.append(changed)
        }
        let hashes = variants.map { AuditChainHasher.hash(prevHash: AuditChainHasher.genesis, seq: 1, entry: $0) }
        #expect(Set(hashes + [base]).count == variants.count + 1)
        #expect(AuditChainHasher.hash(prevHash: AuditChainHasher.genesis, seq: 2, entry: entry) != base)
        #expect(AuditChainHasher.hash(prevHash: String(repeating: "1", count: 64), seq: 1, entry: entry) != base)
    }

    @Test("Text moved across a field boundary, and nil versus empty, hash differently")
    func unambiguous() {
        var left = entry
        left.fileId = "f1|x"
        left.detail = "y"
        var right = entry
        right.fileId = "f1"
        right.detail = "|xy"
        var empty = entry
        empty.fileId = ""
        var absent = entry
        absent.fileId = nil
        let hash = { (entry: AuditEntry) in
            AuditChainHasher.hash(prevHash: AuditChainHasher.genesis, seq: 1, entry: entry)
        }
        #expect(hash(left) != hash(right))
        #expect(hash(empty) != hash(absent))
        #expect(
            AuditChainHasher.encoding(prevHash: "", seq: 1, entry: empty)
                != AuditChainHasher.encoding(prevHash: "", seq: 1, entry: absent))
    }

    @Test("An anchor parses from SEQ:HASH and prints the same; anything else is refused")
    func anchors() {
        let hash = String(repeating: "ab", count: 32)
        let head = AuditChainHead(parsing: "12:\(hash.uppercased())")
        #expect(head == AuditChainHead(seq: 12, hash: hash))
        #expect(head?.description == "12:\(hash)")
        for bad in [
            "", "12", "0:\(hash)", "-1:\(hash)", "12:\(hash.dropLast())", "12:\(hash)0", "x:\(hash)",
            "12:" + String(repeating: "g", count: 64), "12:\(hash):1",
        ] {
            #expect(AuditChainHead(parsing: bad) == nil, "\(bad)")
        }
    }
}
