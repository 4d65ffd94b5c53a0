import Foundation
import Gateway
import Testing

/// Shared inputs of the Genesys export tests.
enum ExportTestSupport {
    static let base = "https://attache.example.com"

    static func publicURL() throws -> GenesysPublicURL {
        try GenesysPublicURL(base)
    }

    /// An action's export, parsed.
    static func document(_ action: DataActionDefinition) throws -> [String: Any] {
        let text = action.document(publicURL: try publicURL()).prettyPrinted
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The member at a key path.
    static func value(_ object: [String: Any], _ path: String...) -> Any? {
        var current: Any? = object
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }

    /// Parses JSON text.
    static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// A sample gateway answer for each action, as the shared contract in the brief describes.
    static func sampleAnswers(_ action: DataActionDefinition) -> [[String: Any]] {
        let conversation = "6f0a2b1c-6a3e-4c55-9d58-0c4b6a1d2e3f"
        switch action.fileStem {
        case "attache-register-conversation":
            return [["conversationId": conversation, "guestId": "g-123", "registered": true, "files": 2]]
        case "attache-file-link":
            return [
                [
                    "decision": "allowed", "reason": "", "fileId": "f1", "url": "https://bucket.example/x?sig=1",
                    "expiresAt": "2026-11-26T01:00:00Z", "filename": "a.pdf", "contentType": "application/pdf",
                    "size": 1234, "state": "clean",
                ],
                [
                    "decision": "denied", "reason": "agent-not-connected", "fileId": "f1", "url": "",
                    "expiresAt": "", "filename": "", "contentType": "", "size": 0, "state": "",
                ],
            ]
        default:
            return [
                [
                    "conversationId": conversation, "count": 2, "fileIds": ["f1", "f2"],
                    "filenames": ["a.pdf", "b.zip"], "contentTypes": ["application/pdf", "application/zip"],
                    "sizes": [1, 2], "states": ["clean", "clean"],
                ],
                [
                    "conversationId": conversation, "count": 0, "fileIds": [String](), "filenames": [String](),
                    "contentTypes": [String](), "sizes": [Int](), "states": [String](),
                ],
            ]
        }
    }
}
