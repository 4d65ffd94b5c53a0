import Foundation
import Testing

@testable import Gateway

/// The document is valid OpenAPI 3.1 (checked by a real validator), its examples satisfy their
/// schemas, and its enumerations are the code's.
@Suite("OpenAPI document validity")
struct OpenAPIValidationTests {
    @Test(
        "openapi-spec-validator accepts the document and every example matches its schema",
        .enabled(if: OpenAPIPython.isAvailable(validator: true)))
    func validDocument() throws {
        let (document, problems) = try OpenAPIDocument.served(validate: true)
        #expect(document.root["openapi"] as? String == "3.1.0")
        let found = try #require(problems)
        #expect(found.isEmpty, "openapi.yaml:\n\(found.joined(separator: "\n"))")
    }

    @Test(
        "The documented problem types are exactly the slugs the gateway's code uses",
        .enabled(if: OpenAPIPython.isAvailable(validator: false)))
    func problemTypes() throws {
        let documented = Set(try OpenAPIDocument.served().document.problemTypes)
        let used = Set(try Self.problemSlugs().map { Problem.typeBase + $0 })
        #expect(!used.isEmpty)
        #expect(
            used.subtracting(documented).isEmpty,
            """
            problem types used in Sources/Gateway but missing from openapi.yaml's ProblemType: \
            \(used.subtracting(documented).sorted())
            """)
        #expect(
            documented.subtracting(used).isEmpty,
            "ProblemType lists types no code uses: \(documented.subtracting(used).sorted())")
    }

    @Test(
        "The documented upload states are exactly UploadState's cases",
        .enabled(if: OpenAPIPython.isAvailable(validator: false)))
    func uploadStates() throws {
        let document = try OpenAPIDocument.served().document
        let documented = document.schema("UploadState")?["enum"] as? [String] ?? []
        #expect(documented == UploadState.allCases.map(\.rawValue))
    }

    /// Every `slug: "…"` literal in the Gateway module's sources: each is a problem type.
    static func problemSlugs() throws -> [String] {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Gateway")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        let pattern = try Regex(#"slug:\s*"([a-z0-9-]+)""#)
        var slugs: [String] = []
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            slugs += text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
        }
        return slugs
    }
}
