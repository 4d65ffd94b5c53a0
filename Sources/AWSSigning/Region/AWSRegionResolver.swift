import Foundation

/// Finds the AWS region as the SDKs do: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the
/// `region` setting of the profile in the shared config file.
public enum AWSRegionResolver {
    /// The region, or `nil` when none is configured.
    ///
    /// - Parameters:
    ///   - profile: an explicit profile that overrides `AWS_PROFILE`.
    ///   - environment: the variables to read.
    /// - Returns: e.g. `eu-west-1`; `nil` when no source names a region or the config file is unreadable.
    public static func resolve(
        profile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = environment[name]?.trimmingASCIIWhitespace(), !value.isEmpty { return value }
        }
        let config = AWSSharedConfig(profile: profile, environment: environment)
        guard let settings = try? config.configFileSettings(), let region = settings["region"], !region.isEmpty else {
            return nil
        }
        return region
    }
}
