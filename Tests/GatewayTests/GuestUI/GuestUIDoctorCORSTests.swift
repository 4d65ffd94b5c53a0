import AWSClients
import Foundation
import Logging
import TestSupport
import Testing

@testable import Gateway

/// `attache doctor`'s check that browsers can upload from the guest UI straight to the
/// quarantine bucket: its CORS allows PUT from the gateway's public origin and exposes ETag.
@Suite("Doctor: quarantine bucket CORS for the guest UI")
struct GuestUIDoctorCORSTests {
    static let publicURL = "https://chat.example.com"

    func configuration(quarantine: String, guest: Bool = true) throws -> GatewayConfiguration {
        var values = [
            "AWS_ENDPOINT_URL": try TestEnvironment.require(.moto), "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "doctor-test", "AWS_SECRET_ACCESS_KEY": "doctor-test-secret",
            "ATTACHE_STORE": "s3", "ATTACHE_QUARANTINE_BUCKET": quarantine, "ATTACHE_CLEAN_BUCKET": "unused",
            "ATTACHE_PUBLIC_URL": Self.publicURL + "/",
        ]
        if guest {
            values["ATTACHE_GUEST_DEPLOYMENT_ID"] = "d"
            values["ATTACHE_GUEST_WEBSOCKET_URL"] = "wss://webmessaging.mypurecloud.com/v1"
            values["ATTACHE_GUEST_API_URL"] = "https://api.mypurecloud.com"
        }
        return try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "test", values: values)]))
    }

    /// Runs the CORS check against a fresh quarantine bucket holding `rules`.
    func verdict(rules: [S3CORSRule]) async throws -> DoctorCheck.Verdict {
        let bucket = TestEnvironment.uniqueName("cors-doctor")
        let configuration = try configuration(quarantine: bucket)
        let services = AWSServices(settings: configuration.aws, logger: Logger(label: "test"))
        do {
            try await services.s3.createBucket(bucket)
            if !rules.isEmpty { try await services.s3.putBucketCORS(bucket, rules: rules) }
            let check = try #require(DoctorChecks.guestUploadCORSCheck(configuration, s3: services.s3))
            let verdict = try await check.run()
            try await services.shutdown()
            return verdict
        } catch {
            try? await services.shutdown()
            throw error
        }
    }

    @Test("The fix is the exact aws s3api command for the public origin")
    func command() {
        #expect(
            DoctorChecks.putBucketCORSCommand(bucket: "acme-quarantine", origin: "https://chat.example.com")
                == #"aws s3api put-bucket-cors --bucket acme-quarantine --cors-configuration '{"CORSRules":[{"#
                + #""ID":"attache-guest-uploads","AllowedOrigins":["https://chat.example.com"],"#
                + #""AllowedMethods":["PUT"],"AllowedHeaders":["content-type","content-md5","x-amz-*"],"#
                + #""ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}'"#)
    }

    @Test("No check without S3 or without the guest UI", .enabled(if: TestEnvironment.isAvailable(.moto)))
    func absent() async throws {
        let withoutGuest = try configuration(quarantine: "q", guest: false)
        let services = AWSServices(settings: withoutGuest.aws, logger: Logger(label: "test"))
        #expect(DoctorChecks.guestUploadCORSCheck(withoutGuest, s3: services.s3) == nil)
        var local = try configuration(quarantine: "q")
        local.store = .local(path: "/tmp/x")
        #expect(DoctorChecks.guestUploadCORSCheck(local, s3: services.s3) == nil)
        try await services.shutdown()
    }

    @Test(
        "A bucket without CORS fails with the put-bucket-cors command", .enabled(if: TestEnvironment.isAvailable(.moto))
    )
    func missing() async throws {
        let verdict = try await verdict(rules: [])
        guard case .fail(let detail, let fix) = verdict else {
            Issue.record("expected a failure, got \(verdict)")
            return
        }
        #expect(detail.contains("has no CORS rules"))
        #expect(fix.hasPrefix("aws s3api put-bucket-cors --bucket cors-doctor"))
        #expect(fix.contains(#""AllowedOrigins":["https://chat.example.com"]"#))
    }

    @Test(
        "A rule for another origin, without content-type, or hiding ETag fails",
        .enabled(if: TestEnvironment.isAvailable(.moto)),
        arguments: [
            S3CORSRule(allowedOrigins: ["https://other.example"], allowedMethods: ["PUT"], exposeHeaders: ["ETag"]),
            S3CORSRule(allowedOrigins: [publicURL], allowedMethods: ["GET"], exposeHeaders: ["ETag"]),
            S3CORSRule(allowedOrigins: [publicURL], allowedMethods: ["PUT"], exposeHeaders: ["ETag"]),
            S3CORSRule(allowedOrigins: [publicURL], allowedMethods: ["PUT"], allowedHeaders: ["*"]),
        ])
    func wrongRule(rule: S3CORSRule) async throws {
        let verdict = try await verdict(rules: [rule])
        guard case .fail(_, let fix) = verdict else {
            Issue.record("expected a failure, got \(verdict)")
            return
        }
        #expect(fix.contains("put-bucket-cors") && fix.contains("merge"))
    }

    @Test("The rule doctor asks for passes", .enabled(if: TestEnvironment.isAvailable(.moto)))
    func passes() async throws {
        let verdict = try await verdict(rules: [DoctorChecks.guestUploadCORSRule(origin: Self.publicURL)])
        guard case .pass(let detail) = verdict else {
            Issue.record("expected a pass, got \(verdict)")
            return
        }
        #expect(detail.hasSuffix(" allows PUT from https://chat.example.com and exposes ETag"))
    }
}
