import Logging
import NIOCore

/// The built-in development scanner. **It is not an antivirus.**
///
/// It knows a handful of rules: the EICAR test string anywhere in the bytes (also across chunk
/// boundaries), executables (ELF, PE, Mach-O) and shebang scripts by their first bytes, and HTML
/// or SVG that carries script. It exists so `swift run attache` shows the whole pipeline without
/// clamd; production configuration must use ``ClamdScanner``. Creating one logs a warning saying
/// so, and its version string says so too.
public struct PolicyScanner: FileScanner {
    /// The signature names this scanner reports.
    public enum Signature {
        /// The EICAR anti-virus test string.
        public static let eicar = "Attache.Policy.EICAR-Test-File"
        /// An ELF executable.
        public static let elf = "Attache.Policy.Executable.ELF"
        /// A Windows PE executable (`MZ`).
        public static let portableExecutable = "Attache.Policy.Executable.PE"
        /// A Mach-O executable.
        public static let machO = "Attache.Policy.Executable.MachO"
        /// A script starting with `#!`.
        public static let shebang = "Attache.Policy.Script.Shebang"
        /// HTML or SVG with script in it.
        public static let markupScript = "Attache.Policy.Script.Markup"
    }

    /// The EICAR test string (68 bytes), the industry's harmless "please detect me" file.
    public static let eicarString = #"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#

    /// How many leading bytes decide whether the object is markup.
    static let markupProbeLength = 1024

    /// `policy`.
    public var name: String { "policy" }

    /// `false`: this is not an antivirus.
    public var isAntivirus: Bool { false }

    /// Creates the scanner and logs, loudly, that it is not an antivirus.
    /// - Parameter logger: Where the warning goes.
    public init(logger: Logger = Logger(label: "attache.scanner.policy")) {
        logger.warning(
            """
            the built-in policy scanner is NOT an antivirus: it only knows the EICAR test string, executable and \
            script signatures and type mismatches; configure clamd (ATTACHE_CLAMD) for anything but development
            """,
            metadata: ["scanner": "policy"]
        )
    }

    /// `attache-policy/VERSION (not an antivirus)`.
    public func version() async throws -> String {
        "attache-policy/\(AttacheVersion.current) (not an antivirus)"
    }

    /// Reads the whole stream and applies the rules.
    /// - Parameter bytes: The object's bytes.
    /// - Returns: ``ScanVerdict/infected(signature:)`` with one of ``Signature``'s names, or clean.
    /// - Throws: The stream's own error, unchanged.
    public func scan(_ bytes: AnyAsyncSequence<ByteBuffer>) async throws -> ScanVerdict {
        var eicar = StreamPatternSearch(patterns: [Array(Self.eicarString.utf8)])
        var script = StreamPatternSearch(
            patterns: ["<script", "javascript:", "onload=", "onerror="].map { Array($0.utf8) },
            caseInsensitive: true
        )
        var head: [UInt8] = []
        var isMarkup: Bool?
        var scriptFound = false
        var eicarFound = false
        for try await buffer in bytes {
            let chunk = buffer.readableBytesView
            if head.count < Self.markupProbeLength {
                head.append(contentsOf: chunk.prefix(Self.markupProbeLength - head.count))
            }
            if isMarkup == nil, head.count >= Self.markupProbeLength {
                isMarkup = Self.looksLikeMarkup(head)
            }
            if !eicarFound, eicar.feed(chunk) != nil { eicarFound = true }
            // Script only matters in markup: skip the search once the bytes are known not to be.
            if !scriptFound, isMarkup != false, script.feed(chunk) != nil { scriptFound = true }
        }
        if eicarFound { return .infected(signature: Signature.eicar) }
        if let signature = Self.executableSignature(head) { return .infected(signature: signature) }
        if scriptFound, isMarkup ?? Self.looksLikeMarkup(head) { return .infected(signature: Signature.markupScript) }
        return .clean(scanner: name)
    }

    /// The executable or script signature the first bytes carry, if any.
    static func executableSignature(_ head: [UInt8]) -> String? {
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return Signature.elf }
        if head.starts(with: [0x4D, 0x5A]) { return Signature.portableExecutable }
        let machO: [[UInt8]] = [
            [0xFE, 0xED, 0xFA, 0xCE], [0xFE, 0xED, 0xFA, 0xCF], [0xCE, 0xFA, 0xED, 0xFE], [0xCF, 0xFA, 0xED, 0xFE],
        ]
        if machO.contains(where: { head.starts(with: $0) }) { return Signature.machO }
        if head.starts(with: [0x23, 0x21]) { return Signature.shebang }
        return nil
    }

    /// Whether the first bytes look like HTML, SVG or XML markup.
    static func looksLikeMarkup(_ head: [UInt8]) -> Bool {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let trimmed = bytes.drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return trimmed.first == 0x3C  // "<"
    }
}
