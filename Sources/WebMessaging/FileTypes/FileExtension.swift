/// File-name extension handling. Filenames are data: only the last path component is looked at.
public enum FileExtension {
    /// Extensions to try for a file name, longest first: `a.tar.gz` → `["tar.gz", "gz"]`;
    /// `.bashrc` and `README` → `[]`.
    public static func candidates(of fileName: String) -> [String] {
        let base = fileName.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.last ?? ""
        let name = base.trimmingASCIIWhitespace().lowercased()
        let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count >= 2, !(pieces.count == 2 && pieces[0].isEmpty) else { return [] }
        let last = String(pieces[pieces.count - 1])
        guard !last.isEmpty else { return [] }
        if pieces.count >= 3, !pieces[pieces.count - 2].isEmpty {
            return ["\(pieces[pieces.count - 2]).\(last)", last]
        }
        return [last]
    }
}
