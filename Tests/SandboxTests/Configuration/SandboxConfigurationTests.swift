import Foundation
import Testing

@testable import Sandbox

@Suite("Sandbox configuration")
struct SandboxConfigurationTests {
    @Test("an empty JSON object gives the defaults: one deployment, 72 h expiry, 4096 characters, 10 MB files")
    func defaults() throws {
        let configuration = try SandboxConfiguration.decode(from: Data("{}".utf8))
        #expect(configuration == SandboxConfiguration())
        let deployment = try #require(configuration.defaultDeployment)
        #expect(deployment.inactivityExpirySeconds == 72 * 3_600)
        #expect(deployment.maxMessageLength == 4_096)
        #expect(deployment.maxFileSizeKB == 10_240)
        #expect(deployment.maxCustomDataBytes == 2_048)
        #expect(deployment.blockedExtensions.contains(".exe"))
        #expect(configuration.port == 8081)
    }

    @Test("a file may give only a deployment id and a short expiry; the rest keeps its defaults")
    func partialFile() throws {
        let json =
            #"{"port":0,"deployments":[{"id":"d-1","inactivityExpirySeconds":1.5}],"#
            + #""persistencePath":"/tmp/x.json"}"#
        let configuration = try SandboxConfiguration.decode(from: Data(json.utf8))
        #expect(configuration.port == 0)
        #expect(configuration.deployment(id: "d-1")?.inactivityExpirySeconds == 1.5)
        #expect(configuration.deployment(id: "d-1")?.rateLimit == RateLimit())
        #expect(configuration.persistencePath == "/tmp/x.json")
        #expect(configuration.agents == [.defaultAgent])
    }

    @Test("load reads a file from disk", .timeLimit(.minutes(1)))
    func loadFromFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID()).json").path
        try Data(#"{"deployments":[{"id":"file-dep"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SandboxConfiguration.load(from: path).defaultDeployment?.id == "file-dep")
    }

    @Test(
        "bad files give stable error codes",
        arguments: [
            (#"{"port":"x"}"#, SandboxConfigurationError.Code.invalidJSON),
            ("not json", .invalidJSON),
            (#"{"port":70000}"#, .invalid),
            (#"{"deployments":[]}"#, .invalid),
            (#"{"deployments":[{"id":"a"},{"id":"a"}]}"#, .invalid),
            (#"{"deployments":[{"id":"a","inactivityExpirySeconds":0}]}"#, .invalid),
            (#"{"deployments":[{"id":"a","rateLimit":{"maxRequests":0,"windowSeconds":1}}]}"#, .invalid),
            (#"{"platform":{"tokenLifetimeSeconds":0}}"#, .invalid),
            (#"{"platform":{"tokenLifetimeSeconds":"long"}}"#, .invalidJSON),
            (
                #"{"platform":{"dataActions":[{"name":"x","requestUrlTemplate":"file:///etc/passwd","#
                    + #""requestTemplate":"{}"}]}}"#, .invalid
            ),
        ])
    func badFiles(json: String, code: SandboxConfigurationError.Code) {
        #expect {
            try SandboxConfiguration.decode(from: Data(json.utf8))
        } throws: { error in
            (error as? SandboxConfigurationError)?.code == code
        }
    }

    @Test("the platform member configures the platform side; missing fields keep their defaults")
    func platformMember() throws {
        let json =
            #"{"platform":{"widgetURLTemplate":"http://127.0.0.1:8080/widget/?c={{gcConversationId}}","#
            + #""tokenLifetimeSeconds":120,"dataActions":[{"name":"Look Up","#
            + #""requestUrlTemplate":"http://127.0.0.1:9/x","requestTemplate":"{}"}]}}"#
        let configuration = try SandboxConfiguration.decode(from: Data(json.utf8))
        #expect(configuration.platform.widgetURLTemplate == "http://127.0.0.1:8080/widget/?c={{gcConversationId}}")
        #expect(configuration.platform.tokenLifetimeSeconds == 120)
        #expect(configuration.platform.callableDataActions.map(\.id) == ["look-up"])
        #expect(configuration.platform.languageTag == PlatformConfiguration().languageTag)
        #expect(try SandboxConfiguration.decode(from: Data("{}".utf8)).platform == PlatformConfiguration())
    }

    @Test("a missing file gives SANDBOX_CONFIG_UNREADABLE")
    func missingFile() {
        #expect {
            try SandboxConfiguration.load(from: "/nonexistent/sandbox.json")
        } throws: { error in
            (error as? SandboxConfigurationError)?.code == .unreadable
        }
    }

    @Test(
        "file types match exactly, by family, or by */*",
        arguments: [
            (["image/*"], "image/png", true),
            (["image/*"], "IMAGE/JPEG; charset=x", true),
            (["image/*"], "application/pdf", false),
            (["application/pdf"], "application/pdf", true),
            (["*/*"], "anything/else", true),
            ([String](), "image/png", false),
        ])
    func fileTypes(allowed: [String], type: String, expected: Bool) {
        #expect(DeploymentConfiguration(allowedInboundFileTypes: allowed).allowsFileType(type) == expected)
    }

    @Test("blocked extensions match case-insensitively at the end of the name")
    func blockedExtensions() {
        let deployment = DeploymentConfiguration()
        #expect(deployment.blocksFileName("setup.EXE"))
        #expect(!deployment.blocksFileName("exe.pdf"))
    }
}
