extension Problem {
    /// The problem for a policy violation.
    public init(_ error: UploadPolicyError) {
        switch error {
        case .invalidSize: self = .invalidSize(error.description)
        case .tooLarge: self = .fileTooLarge(error.description)
        case .typeNotAllowed: self = .typeNotAllowed(error.description)
        case .extensionBlocked: self = .extensionBlocked(error.description)
        case .quotaExceeded: self = .quotaExceeded(error.description)
        }
    }
}
