import Foundation
import Testing

@testable import AWSSigning

@Suite("Shared credentials and config files")
struct ProfileCredentialProviderTests {
    /// A temporary HOME with `.aws/credentials` and `.aws/config`.
    struct Home {
        let path: String

        init(credentials: String?, config: String?) throws {
            path = NSTemporaryDirectory() + "attache-aws-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
            if let credentials {
                try credentials.write(toFile: path + "/.aws/credentials", atomically: true, encoding: .utf8)
            }
            if let config {
                try config.write(toFile: path + "/.aws/config", atomically: true, encoding: .utf8)
            }
        }

        func remove() {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    static let credentialsFile = """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secretdefault

        [dev]
        aws_access_key_id = AKIDDEV
        aws_secret_access_key = secretdev
        aws_session_token = tokendev
        """
    static let configFile = """
        [default]
        region = us-east-1

        [profile cfg]
        aws_access_key_id = AKIDCFG
        aws_secret_access_key = secretcfg
        region = eu-west-1

        [profile role]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = default

        [profile half]
        aws_access_key_id = AKIDHALF
        """

    @Test(
        "Profiles resolve from AWS_PROFILE, explicit names and both files",
        arguments: [
            (nil, nil, "AKIDDEFAULT"),
            ("dev", nil, "AKIDDEV"),
            (nil, "dev", "AKIDDEV"),
            ("cfg", nil, "AKIDCFG"),
            ("cfg", "dev", "AKIDCFG"),
        ])
    func resolves(explicit: String?, environmentProfile: String?, expectedKey: String) async throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        defer { home.remove() }
        var environment = ["HOME": home.path]
        environment["AWS_PROFILE"] = environmentProfile
        let credentials = try await ProfileCredentialProvider(profile: explicit, environment: environment).credentials()
        #expect(credentials.accessKeyID == expectedKey)
        #expect(credentials.sessionToken == (expectedKey == "AKIDDEV" ? "tokendev" : nil))
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files")
    func fileOverrides() async throws {
        let home = try Home(credentials: nil, config: nil)
        defer { home.remove() }
        let credentialsPath = home.path + "/elsewhere-credentials"
        let configPath = home.path + "/elsewhere-config"
        try "[x]\naws_access_key_id=AKIDX\naws_secret_access_key=s".write(
            toFile: credentialsPath, atomically: true, encoding: .utf8)
        try "[profile y]\naws_access_key_id=AKIDY\naws_secret_access_key=s\nregion=ap-south-1".write(
            toFile: configPath, atomically: true, encoding: .utf8)
        let environment = [
            "HOME": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": credentialsPath, "AWS_CONFIG_FILE": configPath,
        ]
        let x = try await ProfileCredentialProvider(profile: "x", environment: environment).credentials()
        let y = try await ProfileCredentialProvider(profile: "y", environment: environment).credentials()
        #expect(x.accessKeyID == "AKIDX")
        #expect(y.accessKeyID == "AKIDY")
        #expect(AWSRegionResolver.resolve(profile: "y", environment: environment) == "ap-south-1")
    }

    @Test(
        "Missing files, unknown profiles, role profiles and half-set keys give distinct errors",
        arguments: [
            ("nofiles", CredentialsError.Code.notConfigured),
            ("nope", .profileNotFound),
            ("role", .unsupportedProfile),
            ("half", .incomplete),
        ])
    func errors(profile: String, code: CredentialsError.Code) async throws {
        let home = try Home(
            credentials: profile == "nofiles" ? nil : Self.credentialsFile,
            config: profile == "nofiles" ? nil : Self.configFile
        )
        defer { home.remove() }
        do {
            _ = try await ProfileCredentialProvider(profile: profile, environment: ["HOME": home.path]).credentials()
            Issue.record("expected an error")
        } catch let error as CredentialsError {
            #expect(error.code == code)
        }
    }
}
