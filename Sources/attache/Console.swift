import Foundation

/// Writes start-up banners to standard output at once, even when stdout is a pipe or a file
/// (where `print` would hold them in a buffer until exit).
enum Console {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
