/// Why the state store refused or failed an operation.
public enum UploadStateStoreError: Error, CustomStringConvertible, Equatable {
    /// A record with this id already exists.
    case duplicate(kind: String, id: String)
    /// No record with this id.
    case notFound(kind: String, id: String)
    /// The database failed.
    case database(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .duplicate: "state.duplicate"
        case .notFound: "state.not-found"
        case .database: "state.database"
        }
    }

    public var description: String {
        switch self {
        case .duplicate(let kind, let id): "\(code): \(kind) \(id) already exists"
        case .notFound(let kind, let id): "\(code): no \(kind) \(id)"
        case .database(let message): "\(code): \(message)"
        }
    }
}
