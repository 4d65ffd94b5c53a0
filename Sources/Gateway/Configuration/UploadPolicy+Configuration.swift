import Foundation

extension UploadPolicy {
    /// The policy from configuration; every value unset keeps its safe default.
    ///
    /// - `ATTACHE_MAX_FILE_SIZE`: bytes, or with a unit (`250MiB`, `1GiB`, `500KB`).
    /// - `ATTACHE_GUEST_QUOTA`: total declared bytes of a guest's live uploads, same units.
    /// - `ATTACHE_PART_SIZE`: multipart part size (at least 5 MiB), same units.
    /// - `ATTACHE_ALLOWED_TYPES`: comma-separated MIME types; `family/*` allows a family
    ///   (`audio/*`). Replaces the default list.
    /// - `ATTACHE_BLOCKED_EXTENSIONS`: comma-separated extensions (with or without the dot),
    ///   added to the default block list (it can only grow: executables stay blocked).
    /// - `ATTACHE_UPLOAD_URL_TTL_SECONDS`: how long upload URLs work (60–604800, default 900).
    init(reader: ConfigurationReader) throws(ConfigurationError) {
        self.init()
        if let size = try reader.byteSize("ATTACHE_MAX_FILE_SIZE", within: 1...(5 << 40)) { maxFileSize = size }
        if let quota = try reader.byteSize("ATTACHE_GUEST_QUOTA", within: 1...(1 << 50)) { perGuestQuota = quota }
        if let part = try reader.byteSize("ATTACHE_PART_SIZE", within: Self.minimumPartSize...(5 << 30)) {
            partSize = part
            singlePutThreshold = part
        }
        if let (value, origin) = reader.layers.lookup("ATTACHE_ALLOWED_TYPES") {
            let entries = Self.list(value).map { $0.lowercased() }
            let malformed = entries.first { entry in
                let halves = entry.split(separator: "/", omittingEmptySubsequences: false)
                return halves.count != 2 || halves[0].isEmpty || halves[1].isEmpty || halves[0] == "*"
            }
            guard !entries.isEmpty, malformed == nil else {
                throw .invalidValue(
                    name: "ATTACHE_ALLOWED_TYPES", value: value, origin: origin,
                    expected: "comma-separated MIME types such as application/pdf,image/*")
            }
            allowedContentTypes = Set(entries.filter { !$0.hasSuffix("/*") })
            allowedContentTypePrefixes = entries.filter { $0.hasSuffix("/*") }.map { String($0.dropLast()) }
        }
        if let value = reader.string("ATTACHE_BLOCKED_EXTENSIONS") {
            let extra = Self.list(value).map { $0.lowercased().trimmingPrefix(".") }.map(String.init)
            blockedExtensions.formUnion(extra.filter { !$0.isEmpty })
        }
        if let (value, origin) = reader.layers.lookup("ATTACHE_UPLOAD_URL_TTL_SECONDS") {
            guard let seconds = Int(value), (60...604_800).contains(seconds) else {
                throw .invalidValue(
                    name: "ATTACHE_UPLOAD_URL_TTL_SECONDS", value: value, origin: origin,
                    expected: "whole seconds 60-604800 (S3 presigned URLs last at most 7 days)")
            }
            urlExpiry = .seconds(seconds)
        }
    }

    private static func list(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

extension ConfigurationReader {
    /// A byte count: digits, optionally followed by `B`, `KB`/`KiB`, `MB`/`MiB`, `GB`/`GiB`, `TB`/`TiB`
    /// (binary units either way, as storage limits are usually meant), within `range`.
    func byteSize(_ name: String, within range: ClosedRange<Int64>) throws(ConfigurationError) -> Int64? {
        guard let (value, origin) = layers.lookup(name) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let shifts: [String: Int64] = [
            "": 0, "b": 0, "kb": 10, "kib": 10, "k": 10, "mb": 20, "mib": 20, "m": 20, "gb": 30, "gib": 30, "g": 30,
            "tb": 40, "tib": 40, "t": 40,
        ]
        let expected = "a size \(range.lowerBound)-\(range.upperBound) bytes, e.g. 104857600 or 100MiB"
        guard !digits.isEmpty, let number = Int64(digits), let shift = shifts[unit] else {
            throw .invalidValue(name: name, value: value, origin: origin, expected: expected)
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: Int64(1) << shift)
        guard !overflow, range.contains(bytes) else {
            throw .invalidValue(name: name, value: value, origin: origin, expected: expected)
        }
        return bytes
    }
}
