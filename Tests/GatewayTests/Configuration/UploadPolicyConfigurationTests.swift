import Testing

@testable import Gateway

@Suite("Upload policy configuration")
struct UploadPolicyConfigurationTests {
    static func configuration(_ values: [String: String]) throws(ConfigurationError) -> GatewayConfiguration {
        try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "environment", values: values)]))
    }

    @Test("nothing set keeps the safe defaults")
    func defaults() throws {
        #expect(try Self.configuration([:]).uploadPolicy == UploadPolicy())
    }

    @Test("sizes, quota, part size, types, extensions and URL lifetime come from configuration")
    func everything() throws {
        let policy = try Self.configuration([
            "ATTACHE_MAX_FILE_SIZE": "250MiB",
            "ATTACHE_GUEST_QUOTA": "2 GiB",
            "ATTACHE_PART_SIZE": "16MiB",
            "ATTACHE_ALLOWED_TYPES": "application/pdf, Image/*,audio/ogg",
            "ATTACHE_BLOCKED_EXTENSIONS": ".xyz, ABC",
            "ATTACHE_UPLOAD_URL_TTL_SECONDS": "600",
        ]).uploadPolicy
        #expect(policy.maxFileSize == 250 << 20)
        #expect(policy.perGuestQuota == 2 << 30)
        #expect(policy.partSize == 16 << 20)
        #expect(policy.allowedContentTypes == ["application/pdf", "audio/ogg"])
        #expect(policy.allowedContentTypePrefixes == ["image/"])
        #expect(policy.blockedExtensions.isSuperset(of: ["xyz", "abc", "exe", "svg"]), "the defaults stay blocked")
        #expect(policy.urlExpiry == .seconds(600))
    }

    @Test("a plain byte count is bytes")
    func plainBytes() throws {
        #expect(try Self.configuration(["ATTACHE_MAX_FILE_SIZE": "1048576"]).uploadPolicy.maxFileSize == 1 << 20)
    }

    @Test(
        "bad values are refused with the variable, its source and what is expected",
        arguments: [
            ("ATTACHE_MAX_FILE_SIZE", "lots"), ("ATTACHE_MAX_FILE_SIZE", "0"), ("ATTACHE_MAX_FILE_SIZE", "-5"),
            ("ATTACHE_MAX_FILE_SIZE", "10 parsecs"), ("ATTACHE_MAX_FILE_SIZE", "99999999999999999999TiB"),
            ("ATTACHE_PART_SIZE", "1MiB"), ("ATTACHE_GUEST_QUOTA", "1.5GiB"),
            ("ATTACHE_ALLOWED_TYPES", "pdf"), ("ATTACHE_ALLOWED_TYPES", "*/*"), ("ATTACHE_ALLOWED_TYPES", ",,"),
            ("ATTACHE_UPLOAD_URL_TTL_SECONDS", "5"), ("ATTACHE_UPLOAD_URL_TTL_SECONDS", "604801"),
        ])
    func badValues(name: String, value: String) {
        #expect {
            try Self.configuration([name: value])
        } throws: { error in
            guard case .invalidValue(let badName, let badValue, let origin, _) = error as? ConfigurationError else {
                return false
            }
            return badName == name && badValue == value && origin == "environment"
        }
    }
}
