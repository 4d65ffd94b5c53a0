import Foundation

/// A bounded byte writer over memory the caller owns (a stack buffer on the presign fast path).
///
/// Every write checks the capacity (`precondition`): the caller sizes the buffer from the
/// input's lengths, so an overflow is a bug in that sizing, never a memory corruption.
struct ByteWriter {
    /// The first byte of the region.
    let base: UnsafeMutablePointer<UInt8>
    /// The region's size in bytes.
    let capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    /// A writer over `capacity` bytes at `base`.
    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// The bytes written so far.
    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// The bytes from `start` to the current end.
    func written(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: count - start)
    }

    /// The bytes `start..<end`.
    func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Forgets everything written from `position` on.
    mutating func rewind(to position: Int) {
        precondition(position >= 0 && position <= count, "ByteWriter rewind out of range")
        count = position
    }

    /// Appends a byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(count < capacity, "ByteWriter overflow")
        base[count] = byte
        count += 1
    }

    /// Appends bytes.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(capacity - count >= bytes.count, "ByteWriter overflow")
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends bytes with ASCII uppercase letters lowercased; returns the OR of all bytes (so
    /// callers can tell whether any was not ASCII).
    @discardableResult
    mutating func appendLowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let start = count
        append(bytes)
        var allBits: UInt8 = 0
        for index in start..<count {
            let byte = base[index]
            allBits |= byte
            if byte >= 0x41 && byte <= 0x5A { base[index] = byte + 0x20 }
        }
        return allBits
    }

    /// Appends a literal's UTF-8 bytes.
    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 bytes.
    @inline(__always)
    mutating func append(string text: String) {
        withUTF8Bytes(text) { append($0) }
    }

    /// Appends a byte as AWS `UriEncode` does: unreserved bytes as they are, others as `%XX`.
    @inline(__always)
    mutating func appendEncoded(_ byte: UInt8, keepSlash: Bool = false) {
        if AWSURIEncoding.isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
            append(byte)
        } else {
            appendEscaped(byte)
        }
    }

    /// Appends bytes encoded with AWS `UriEncode` (`/` as `%2F` unless `keepSlash`); runs of
    /// bytes that stay as they are are copied at once.
    mutating func appendEncoded(_ bytes: UnsafeBufferPointer<UInt8>, keepSlash: Bool = false) {
        let end = bytes.count
        var index = 0
        while index < end {
            var runEnd = index
            while runEnd < end {
                let byte = bytes[runEnd]
                guard AWSURIEncoding.isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) else { break }
                runEnd += 1
            }
            if runEnd > index { append(UnsafeBufferPointer(rebasing: bytes[index..<runEnd])) }
            if runEnd < end {
                appendEscaped(bytes[runEnd])
                runEnd += 1
            }
            index = runEnd
        }
    }

    /// Appends `%XX` with uppercase hex digits.
    @inline(__always)
    mutating func appendEscaped(_ byte: UInt8) {
        append(UInt8(ascii: "%"))
        append(Self.upperHexDigit(byte >> 4))
        append(Self.upperHexDigit(byte & 0x0F))
    }

    /// Appends bytes as lowercase hex.
    mutating func appendLowerHex(_ bytes: UnsafeRawBufferPointer) {
        precondition(capacity - count >= bytes.count * 2, "ByteWriter overflow")
        let digits: StaticString = "0123456789abcdef"
        let table = digits.utf8Start
        var output = base + count
        for byte in bytes {
            output[0] = table[Int(byte >> 4)]
            output[1] = table[Int(byte & 0x0F)]
            output += 2
        }
        count += bytes.count * 2
    }

    /// Appends a non-negative number in decimal, zero-padded to `width` digits (more if needed).
    mutating func appendDecimal(_ value: Int, width: Int = 1) {
        precondition(value >= 0, "ByteWriter decimal must not be negative")
        var digits = 1
        var limit = 10
        while digits < 19 && value >= limit {
            digits += 1
            limit &*= 10
        }
        let total = max(digits, width)
        precondition(capacity - count >= total, "ByteWriter overflow")
        var remaining = value
        var index = count + total - 1
        while index >= count {
            base[index] = UInt8(0x30 + remaining % 10)
            remaining /= 10
            index -= 1
        }
        count += total
    }

    @inline(__always)
    private static func upperHexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x37 + value
    }
}

/// Calls `body` with a string's UTF-8 bytes, without copying native strings.
@inline(__always)
func withUTF8Bytes<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let result = try string.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = string
    return try copy.withUTF8(body)
}

/// Whether two byte runs are equal.
@inline(__always)
func bytesEqual(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
    guard left.count == right.count else { return false }
    guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
    return memcmp(leftBase, rightBase, left.count) == 0
}

/// Whether `left` sorts before `right` in byte order (a shorter prefix first).
@inline(__always)
func bytesPrecede(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
    let common = min(left.count, right.count)
    if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
        let order = memcmp(leftBase, rightBase, common)
        if order != 0 { return order < 0 }
    }
    return left.count < right.count
}
