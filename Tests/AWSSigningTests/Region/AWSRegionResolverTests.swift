import Foundation
import Testing

@testable import AWSSigning

@Suite("Region resolution")
struct AWSRegionResolverTests {
    @Test(
        "AWS_REGION wins over AWS_DEFAULT_REGION, which wins over the profile",
        arguments: [
            (["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"], "eu-west-1"),
            (["AWS_DEFAULT_REGION": "us-west-2"], "us-west-2"),
            (["AWS_REGION": ""], "ca-central-1"),
            ([:], "ca-central-1"),
        ])
    func precedence(environment: [String: String], expected: String) throws {
        let path = NSTemporaryDirectory() + "attache-region-" + UUID().uuidString
        try "[default]\nregion = ca-central-1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var environment = environment
        environment["AWS_CONFIG_FILE"] = path
        #expect(AWSRegionResolver.resolve(environment: environment) == expected)
    }

    @Test("No source gives nil")
    func none() {
        #expect(AWSRegionResolver.resolve(environment: ["HOME": "/nonexistent"]) == nil)
    }
}
