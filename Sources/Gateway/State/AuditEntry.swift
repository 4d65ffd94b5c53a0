import Foundation

/// One line of the append-only audit log: who did what to which file, when.
///
/// Never put secrets, tokens, signatures or file contents in ``detail``.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// The sequence number the store assigned (`nil` before it is appended).
    public var id: Int64?
    /// When it happened.
    public var at: Date
    /// Who acted: `guest:<id>`, `worker`, `agent:<id>`, `system`.
    public var actor: String
    /// A stable verb: `upload.ticket`, `upload.complete`, `scan.clean`, `scan.rejected`, ….
    public var action: String
    /// The file concerned, if any.
    public var fileId: String?
    /// Free text for a human (no secrets).
    public var detail: String?

    /// Creates an entry.
    public init(
        id: Int64? = nil,
        at: Date,
        actor: String,
        action: String,
        fileId: String? = nil,
        detail: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.fileId = fileId
        self.detail = detail
    }
}
