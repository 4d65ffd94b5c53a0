import AWSClients

extension DoctorChecks {
    /// The CORS rule the quarantine bucket needs so the guest UI (served at `origin`) can PUT
    /// presigned uploads and parts straight to S3 and read each part's `ETag`.
    public static func guestUploadCORSRule(origin: String) -> S3CORSRule {
        S3CORSRule(
            id: "attache-guest-uploads", allowedOrigins: [origin], allowedMethods: ["PUT"],
            allowedHeaders: ["content-type", "content-md5", "x-amz-*"], exposeHeaders: ["ETag"],
            maxAgeSeconds: 3000)
    }

    /// The `aws s3api put-bucket-cors` command that installs ``guestUploadCORSRule(origin:)``.
    public static func putBucketCORSCommand(bucket: String, origin: String) -> String {
        let rule = guestUploadCORSRule(origin: origin)
        let list = { (values: [String]) in "[" + values.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        let json =
            "{\"CORSRules\":[{\"ID\":\"\(rule.id ?? "")\",\"AllowedOrigins\":\(list(rule.allowedOrigins)),"
            + "\"AllowedMethods\":\(list(rule.allowedMethods)),\"AllowedHeaders\":\(list(rule.allowedHeaders)),"
            + "\"ExposeHeaders\":\(list(rule.exposeHeaders)),\"MaxAgeSeconds\":\(rule.maxAgeSeconds ?? 3000)}]}"
        return "aws s3api put-bucket-cors --bucket \(bucket) --cors-configuration '\(json)'"
    }

    /// With S3 and the guest UI configured: the quarantine bucket's CORS lets the gateway's
    /// public origin PUT with a `content-type` and exposes `ETag` (a multipart upload completes
    /// with the parts' ETags, which a script can only read when exposed). Absent otherwise: a
    /// deployment without the guest UI may have no browser uploads at all.
    static func guestUploadCORSCheck(_ configuration: GatewayConfiguration, s3: S3Client) -> DoctorCheck? {
        guard case .s3 = configuration.store, configuration.guest.isComplete,
            let bucket = configuration.quarantineBucket,
            let origin = WidgetSettings.origin(of: configuration.baseURL())
        else { return nil }
        let command = putBucketCORSCommand(bucket: bucket, origin: origin)
        return DoctorCheck(name: "quarantine bucket CORS", fixForError: "check s3:GetBucketCORS permission") {
            let rules = try await s3.getBucketCORS(bucket)
            let replaces = rules.isEmpty ? "" : " (this replaces the bucket's CORS rules: merge any you need to keep)"
            guard let rule = rules.first(where: { $0.allows(origin: origin, method: "PUT") }) else {
                let found = rules.isEmpty ? "has no CORS rules" : "has no CORS rule allowing PUT from \(origin)"
                return .fail(
                    "\(bucket) \(found): browsers cannot upload from the guest UI at \(origin)",
                    fix: command + replaces)
            }
            guard rule.allows(header: "content-type") else {
                return .fail(
                    "\(bucket)'s CORS rule for \(origin) does not allow the content-type header",
                    fix: command + replaces)
            }
            guard rule.exposes("ETag") else {
                return .fail(
                    "\(bucket)'s CORS rule for \(origin) does not expose ETag: multipart uploads cannot complete",
                    fix: command + replaces)
            }
            let note = configuration.publicURL == nil ? " (ATTACHE_PUBLIC_URL unset: checked the listen address)" : ""
            return .pass("\(bucket) allows PUT from \(origin) and exposes ETag\(note)")
        }
    }
}
