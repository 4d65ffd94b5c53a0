#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds fixed byte patterns in a stream that arrives in chunks, including matches that straddle
/// a chunk boundary, without holding more than the longest pattern's length of earlier data.
struct StreamPatternSearch: Sendable {
    /// The patterns, as given.
    let patterns: [[UInt8]]
    /// Whether ASCII letters match regardless of case (patterns must then be lowercase).
    let caseInsensitive: Bool
    private var tail: [UInt8] = []
    private let keep: Int

    /// Creates a search.
    /// - Parameters:
    ///   - patterns: Non-empty byte patterns (lowercase when `caseInsensitive`).
    ///   - caseInsensitive: Fold ASCII `A`–`Z` to lowercase before matching.
    init(patterns: [[UInt8]], caseInsensitive: Bool = false) {
        self.patterns = patterns.filter { !$0.isEmpty }
        self.caseInsensitive = caseInsensitive
        keep = max((self.patterns.map(\.count).max() ?? 1) - 1, 0)
    }

    /// Feeds the next chunk; returns the index of the first pattern found so far, if any.
    mutating func feed(_ chunk: some Collection<UInt8>) -> Int? {
        var window = tail
        window.reserveCapacity(tail.count + chunk.count)
        if caseInsensitive {
            window.append(contentsOf: chunk.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
        } else {
            window.append(contentsOf: chunk)
        }
        let found = patterns.firstIndex { Self.contains(window, $0) }
        tail = Array(window.suffix(keep))
        return found
    }

    /// Whether `needle` occurs in `haystack` (memchr for the first byte, memcmp for the rest:
    /// fast even in debug builds, where `attache dev` runs).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pattern in
                guard let hayBase = hay.baseAddress, let patternBase = pattern.baseAddress else { return false }
                let last = hay.count - pattern.count
                var start = 0
                while start <= last {
                    guard let found = memchr(hayBase + start, Int32(first), last - start + 1) else { return false }
                    let index = hayBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hayBase + index, patternBase, pattern.count) == 0 { return true }
                    start = index + 1
                }
                return false
            }
        }
    }
}
