import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted for one test (`mount -t tmpfs -o size=… tmpfs DIR`, which needs root),
/// so that writes into it fail with a real `ENOSPC` once it is full; ``unmount()`` removes it.
struct TmpfsMount {
    /// The mount point.
    let directory: URL

    /// Mounts a tmpfs of `size` (e.g. `2m`) on a fresh directory under the temporary folder;
    /// `nil` when mounting is not permitted here (not root, no `CAP_SYS_ADMIN`).
    static func make(size: String) throws -> TmpfsMount? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-tmpfs-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #if os(Linux)
        if mount("tmpfs", directory.path, "tmpfs", 0, "size=\(size),mode=0700") == 0 {
            return TmpfsMount(directory: directory)
        }
        #endif
        try? FileManager.default.removeItem(at: directory)
        return nil
    }

    /// Bytes still free for an unprivileged writer.
    func freeBytes() -> Int64 {
        var stats = statvfs()
        guard statvfs(directory.path, &stats) == 0 else { return -1 }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }

    /// Unmounts (lazily, should a file still be open) and removes the mount point.
    func unmount() {
        #if os(Linux)
        _ = umount2(directory.path, Int32(MNT_DETACH))
        #endif
        try? FileManager.default.removeItem(at: directory)
    }
}
