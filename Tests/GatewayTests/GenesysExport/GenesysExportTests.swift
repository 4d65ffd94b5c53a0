import Foundation
import Gateway
import Testing

@Suite("Genesys export files")
struct GenesysExportTests {
    private func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("attache-export-\(UUID().uuidString)")
    }

    @Test("Writes three Data Actions, the widget payloads and a README that names each of them")
    func writesEverything() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = GenesysExport(publicURL: try ExportTestSupport.publicURL())
        let written = try export.write(to: directory.appendingPathComponent("nested/out"))
        #expect(
            written.map(\.lastPathComponent) == [
                "attache-register-conversation.custom.json", "attache-file-link.custom.json",
                "attache-list-files.custom.json", "interaction-widget.integration.json",
                "interaction-widget.config.json", "README.txt",
            ])
        for url in written {
            let text = try String(contentsOf: url, encoding: .utf8)
            if url.pathExtension == "json" { _ = try ExportTestSupport.parse(text) }
        }
        let readme = try String(contentsOf: written[5], encoding: .utf8)
        for name in written.dropLast().map(\.lastPathComponent) { #expect(readme.contains(name)) }
        #expect(readme.contains("User Defined") && readme.contains("ATTACHE_DATA_ACTION_SECRET"))
        #expect(readme.contains("https://attache.example.com/widget/\n") && readme.contains("ATTACHE_WIDGET_CLIENT_ID"))
        #expect(
            readme.contains("attacheGuestId") && readme.contains("attacheFileId") && readme.contains("S3_FILE_UPLOADED")
        )
    }

    @Test("Existing files stop the export before anything is written; --force overwrites them")
    func refusesToOverwrite() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let existing = directory.appendingPathComponent("interaction-widget.config.json")
        try Data("mine".utf8).write(to: existing)
        let export = GenesysExport(publicURL: try ExportTestSupport.publicURL())
        #expect(
            throws: GenesysExportError.filesExist(directory: directory.path, names: ["interaction-widget.config.json"])
        ) {
            try export.write(to: directory)
        }
        #expect(try String(contentsOf: existing, encoding: .utf8) == "mine")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["interaction-widget.config.json"])
        let written = try export.write(to: directory, force: true)
        #expect(written.count == 6)
        #expect(try String(contentsOf: existing, encoding: .utf8).contains("embedded") == false)
        #expect(try String(contentsOf: existing, encoding: .utf8).contains("/widget/?conversationId="))
    }

    @Test("An output path that is a file is a clear error")
    func outputIsAFile() throws {
        let file = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("x".utf8).write(to: file)
        #expect(throws: GenesysExportError.cannotWrite(path: file.path, reason: "it exists and is not a directory")) {
            try GenesysExport(publicURL: try ExportTestSupport.publicURL()).write(to: file, force: true)
        }
    }

    @Test("Nothing secret is exported: only the credential reference")
    func noSecrets() throws {
        let files = GenesysExport(publicURL: try ExportTestSupport.publicURL()).files
        for file in files where file.name.hasSuffix(".custom.json") {
            #expect(file.contents.contains("${credentials.secret}"))
            #expect(!file.contents.lowercased().contains("authorization"))
        }
        #expect(files.allSatisfy { !$0.contents.contains("ATTACHE_DATA_ACTION_SECRET=") })
    }
}
