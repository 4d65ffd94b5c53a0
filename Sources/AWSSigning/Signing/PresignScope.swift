import Foundation

/// Everything a presigned URL needs that depends only on the credentials, the scope and the day:
/// the signing key with its HMAC states, the credential scope and the encoded `X-Amz-Credential`.
final class PresignScope: Sendable {
    /// The access key ID the scope was made for.
    let accessKeyID: String
    /// The secret the key was derived from.
    let secret: String
    /// The region of the scope.
    let region: String
    /// The service of the scope.
    let service: String
    /// Days since 1970-01-01 (UTC) of the scope's date.
    let day: Int
    /// The derived signing key.
    let key: SigningKey
    /// `YYYYMMDD/region/service/aws4_request`.
    let scope: [UInt8]
    /// The `X-Amz-Credential` value, encoded: `AKID%2FYYYYMMDD%2Fregion%2Fservice%2Faws4_request`.
    let encodedCredential: [UInt8]

    /// Derives the key and formats the scope for a day.
    init(accessKeyID: String, secret: String, region: String, service: String, day: Int) {
        self.accessKeyID = accessKeyID
        self.secret = secret
        self.region = region
        self.service = service
        self.day = day
        let (year, month, dayOfMonth) = CivilCalendar.date(fromDays: day)
        var dateStamp = [UInt8](repeating: 0x30, count: 8)
        for (value, width, offset) in [(year, 4, 0), (month, 2, 4), (dayOfMonth, 2, 6)] {
            var remaining = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                dateStamp[index] = UInt8(0x30 + remaining % 10)
                remaining /= 10
            }
        }
        let dateText = String(decoding: dateStamp, as: UTF8.self)
        key = SigningKey(
            SigV4Signer.deriveSigningKey(secret: secret, dateStamp: dateText, region: region, service: service)
        )
        let scopeText = dateText + "/" + region + "/" + service + "/aws4_request"
        scope = Array(scopeText.utf8)
        var credential: [UInt8] = []
        AWSURIEncoding.encodeBytes(accessKeyID.utf8, keepSlash: false, into: &credential)
        credential.append(contentsOf: "%2F".utf8)
        AWSURIEncoding.encodeBytes(scopeText.utf8, keepSlash: false, into: &credential)
        encodedCredential = credential
    }

    /// Whether this scope is for these credentials, region, service and day.
    @inline(__always)
    func matches(accessKeyID: String, secret: String, region: String, service: String, day: Int) -> Bool {
        self.day == day && self.region == region && self.service == service && self.accessKeyID == accessKeyID
            && self.secret == secret
    }
}

/// Presign scopes, cached per (access key, secret, region, service, day) for the whole process.
///
/// The most recently used scope is checked first (string comparisons, no hashing); the cache is
/// bounded and protected by a lock.
final class PresignScopeCache: @unchecked Sendable {
    /// The process-wide cache.
    static let shared = PresignScopeCache()

    private let lock = NSLock()
    private var last: PresignScope?
    private var scopes: [PresignScope] = []
    private let capacity: Int

    /// Creates a cache holding at most `capacity` scopes (cleared when full).
    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The scope for a signer on a day, derived on first use.
    func scope(for signer: SigV4Signer, day: Int) -> PresignScope {
        let credentials = signer.credentials
        lock.lock()
        if let last,
            last.matches(
                accessKeyID: credentials.accessKeyID,
                secret: credentials.secretAccessKey,
                region: signer.region,
                service: signer.service,
                day: day
            )
        {
            lock.unlock()
            return last
        }
        for scope in scopes
        where scope.matches(
            accessKeyID: credentials.accessKeyID,
            secret: credentials.secretAccessKey,
            region: signer.region,
            service: signer.service,
            day: day
        ) {
            last = scope
            lock.unlock()
            return scope
        }
        lock.unlock()
        let derived = PresignScope(
            accessKeyID: credentials.accessKeyID,
            secret: credentials.secretAccessKey,
            region: signer.region,
            service: signer.service,
            day: day
        )
        lock.lock()
        if scopes.count >= capacity { scopes.removeAll(keepingCapacity: true) }
        scopes.append(derived)
        last = derived
        lock.unlock()
        return derived
    }
}
