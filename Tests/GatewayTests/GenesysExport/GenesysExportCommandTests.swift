import Foundation
import Testing

/// `attache genesys export` as a user runs it: the built `attache` binary next to the test bundle.
@Suite("attache genesys export (CLI)")
struct GenesysExportCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    private static let secret = "do-not-export-this-secret-0123456789"

    private func attache() throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = directory.appendingPathComponent("attache")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the CLI first (swift build --build-tests builds \(binary.path))")
        return binary
    }

    private func run(_ arguments: [String], environment extra: [String: String] = [:], in directory: URL) throws -> Run
    {
        let process = Process()
        process.executableURL = try attache()
        process.arguments = ["genesys", "export"] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ATTACHE_") }
        environment["ATTACHE_DATA_ACTION_SECRET"] = Self.secret
        environment.merge(extra) { $1 }
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }

    private func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "attache-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test("Writes into genesys-export/ by default; the secret in the environment is never written")
    func defaultOutput() throws {
        try withDirectory { directory in
            let result = try run(["--public-url", "https://attache.example.com"], in: directory)
            #expect(result.status == 0, "\(result.errors)")
            let out = directory.appendingPathComponent("genesys-export")
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(names.count == 6 && names.contains("attache-file-link.custom.json"))
            for name in names {
                let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
                #expect(!text.contains(Self.secret), "\(name) holds the secret")
            }
            #expect(result.output.contains("README.txt"))
        }
    }

    @Test("ATTACHE_PUBLIC_URL and --output are honoured")
    func environmentAndOutput() throws {
        try withDirectory { directory in
            let result = try run(
                ["--output", "artifacts"], environment: ["ATTACHE_PUBLIC_URL": "https://gw.example.com/attache/"],
                in: directory)
            #expect(result.status == 0, "\(result.errors)")
            let text = try String(
                contentsOf: directory.appendingPathComponent("artifacts/attache-list-files.custom.json"),
                encoding: .utf8)
            #expect(text.contains("\"https://gw.example.com/attache/v1/data-actions/list-files\""))
        }
    }

    @Test(
        "A missing or unusable public URL fails with the reason and writes nothing",
        arguments: [
            ([String](), "--public-url"),
            (["--public-url", "http://attache.example.com"], "requires https://"),
            (["--public-url", "not a url"], "contains ' '"),
            (["--public-url", "https://attache.example.com/?x=1"], "query or fragment"),
        ])
    func badURL(arguments: [String], message: String) throws {
        try withDirectory { directory in
            let result = try run(arguments, in: directory)
            #expect(result.status == 1)
            #expect(result.errors.hasPrefix("error: ") && result.errors.contains(message), "\(result.errors)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("genesys-export").path))
        }
    }

    @Test("Existing files are kept unless --force")
    func force() throws {
        try withDirectory { directory in
            let out = directory.appendingPathComponent("genesys-export")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let readme = out.appendingPathComponent("README.txt")
            try Data("my notes".utf8).write(to: readme)
            let refused = try run(["--public-url", "https://attache.example.com"], in: directory)
            #expect(refused.status == 1)
            #expect(refused.errors.contains("README.txt") && refused.errors.contains("--force"), "\(refused.errors)")
            #expect(try String(contentsOf: readme, encoding: .utf8) == "my notes")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["README.txt"])
            let forced = try run(["--public-url", "https://attache.example.com", "--force"], in: directory)
            #expect(forced.status == 0, "\(forced.errors)")
            #expect(try String(contentsOf: readme, encoding: .utf8).contains("Web Services Data Actions"))
        }
    }
}
