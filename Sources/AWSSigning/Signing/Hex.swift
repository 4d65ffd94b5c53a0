/// Lowercase hexadecimal encoding, as SigV4 uses for hashes and signatures (and the gateway for
/// digests, ETags and signed-URL MACs).
public enum Hex {
    /// Encodes bytes as lowercase hex.
    ///
    /// Inlinable so that callers in other modules get it specialized for their byte sequence
    /// (a digest, an array): unspecialized, each byte went through the sequence's witnesses.
    @inlinable
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(Swift.max(64, bytes.underestimatedCount * 2))
        for byte in bytes {
            output.append(hexDigit(byte >> 4))
            output.append(hexDigit(byte & 0x0F))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends bytes as lowercase hex.
    @inline(__always)
    static func append(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        for byte in bytes {
            output.append(hexDigit(byte >> 4))
            output.append(hexDigit(byte & 0x0F))
        }
    }

    /// The lowercase hex digit of a value 0…15.
    @inlinable @inline(__always)
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x57 + value
    }

    /// Whether a byte is `0-9` or `a-f`.
    static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
    }

    /// The value of a hex digit of either case, or `nil`.
    static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
