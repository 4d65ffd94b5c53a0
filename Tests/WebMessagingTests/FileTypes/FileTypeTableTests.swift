import Testing

@testable import WebMessaging

@Suite("FileTypeTable")
struct FileTypeTableTests {
    @Test("no MIME type, alias or extension appears twice")
    func unique() {
        let names = FileTypeTable.entries.flatMap { [$0.mimeType] + $0.aliases }
        #expect(Set(names).count == names.count)
        let extensions = FileTypeTable.entries.flatMap(\.extensions)
        #expect(Set(extensions).count == extensions.count)
    }

    @Test("every name is lowercase, without parameters, and normalises to itself")
    func normalised() {
        for entry in FileTypeTable.entries {
            for name in [entry.mimeType] + entry.aliases {
                #expect(MIMEEssence.normalize(name) == name, "\(name)")
            }
            for name in entry.extensions {
                #expect(name == name.lowercased() && !name.hasPrefix("."), "\(name)")
            }
        }
    }

    @Test("script-capable and executable types are never inline-previewable")
    func neverInline() {
        let scriptCapable = ["image/svg+xml", "text/html", "application/xml", "text/javascript", "text/css"]
        for name in scriptCapable {
            #expect(FileTypeTable.entry(forMimeType: name)?.isInlinePreviewable == false, "\(name)")
        }
        for entry in FileTypeTable.entries where entry.category == .executable {
            #expect(!entry.isInlinePreviewable, "\(entry.mimeType)")
        }
    }

    @Test("every category has its own icon; only unknown uses the generic one")
    func icons() {
        let icons = FileCategory.all.map(\.iconName)
        #expect(Set(icons).count == icons.count)
        #expect(FileCategory.unknown.iconName == "file")
        #expect(FileTypeTable.entries.allSatisfy { $0.iconName != "file" })
    }

    @Test("double extensions are tried before single ones")
    func doubleExtensions() {
        #expect(FileExtension.candidates(of: "backup.2026.tar.gz") == ["tar.gz", "gz"])
        #expect(FileExtension.candidates(of: "a.b") == ["b"])
        #expect(FileExtension.candidates(of: "dir.d/file").isEmpty)
    }

    @Test("the table and signatures export to JSON and back unchanged (for a generated JS table)")
    func exports() throws {
        let data = try WebMessagingJSON.encode(FileTypeTable.entries)
        #expect(try WebMessagingJSON.decode([FileTypeEntry].self, from: data) == FileTypeTable.entries)
        let signatures = try WebMessagingJSON.encode(MagicSignature.table)
        #expect(try WebMessagingJSON.decode([MagicSignature].self, from: signatures) == MagicSignature.table)
    }
}
