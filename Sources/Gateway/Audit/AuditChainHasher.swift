import AWSSigning
import Crypto
import Foundation

/// The hash of one audit-chain link: SHA-256 over the previous link's hash, the chain position
/// and every field of the sealed audit entry, in a canonical, unambiguous encoding.
///
/// The encoding is a fixed sequence of fields, each written as one presence byte (`0` absent,
/// `1` present) followed, when present, by its UTF-8 length as 8 bytes big-endian and its
/// UTF-8 bytes: the domain tag `attache-audit-chain-v1`, the previous hash (lower-case hex),
/// the position, the entry's id, its time in whole microseconds since 1970 (decimal), actor,
/// action, file id and detail. No two different links encode alike, whatever their text holds
/// (a `|` or a newline in a detail cannot shift a field boundary), and `nil` differs from "".
public enum AuditChainHasher {
    /// The `prev_hash` of the first link: 64 zeros.
    public static let genesis = String(repeating: "0", count: 64)

    /// The tag that starts every encoding: a later format gets a new tag.
    static let domain = "attache-audit-chain-v1"

    /// The hash (64 lower-case hex digits) of the link at `seq` sealing `entry` after `prevHash`.
    public static func hash(prevHash: String, seq: Int64, entry: AuditEntry) -> String {
        Hex.encode(SHA256.hash(data: encoding(prevHash: prevHash, seq: seq, entry: entry)))
    }

    /// The canonical bytes that are hashed.
    static func encoding(prevHash: String, seq: Int64, entry: AuditEntry) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        let fields: [String?] = [
            domain, prevHash, String(seq), entry.id.map { String($0) }, String(microseconds(entry.at)),
            entry.actor, entry.action, entry.fileId, entry.detail,
        ]
        for field in fields {
            guard let field else {
                bytes.append(0)
                continue
            }
            let utf8 = Array(field.utf8)
            bytes.append(1)
            withUnsafeBytes(of: UInt64(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// A time as whole microseconds since 1970, the precision both databases keep at most
    /// (SQLite keeps milliseconds; either way the value read back encodes the same every time).
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}
