/// The version of Attaché, printed by `attache --version` and reported by `/healthz`.
public enum AttacheVersion {
    /// The current version.
    public static let current = "0.1.0"
}
