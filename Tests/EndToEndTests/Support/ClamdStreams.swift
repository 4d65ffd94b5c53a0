import Foundation

/// Which processes hold an established TCP connection to clamd right now. The gateway opens one
/// connection per scan (INSTREAM, held for as long as the file streams) and closes it with the
/// verdict; its health checks open one for a PING that lasts a millisecond. So a connection
/// still open a little later is a scan in progress. Read from `/proc` (Linux); elsewhere
/// nothing is known and the answer is empty.
enum ClamdStreams {
    /// Whether connections can be seen here (Linux's `/proc`).
    static var isSupported: Bool {
        #if os(Linux)
        true
        #else
        false
        #endif
    }

    /// The established connections to 127.0.0.1:`port` held by `pids`: process id → socket inodes.
    static func connections(_ pids: [Int32], toPort port: Int) -> [Int32: Set<String>] {
        #if os(Linux)
        let inodes = establishedSocketInodes(remotePort: port)
        guard !inodes.isEmpty else { return [:] }
        var holding: [Int32: Set<String>] = [:]
        for pid in pids {
            let fdDirectory = "/proc/\(pid)/fd"
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? []
            for fd in fds {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fdDirectory)/\(fd)"),
                    target.hasPrefix("socket:["), target.hasSuffix("]")
                else { continue }
                let inode = String(target.dropFirst("socket:[".count).dropLast())
                if inodes.contains(inode) { holding[pid, default: []].insert(inode) }
            }
        }
        return holding
        #else
        return [:]
        #endif
    }

    /// Inodes of established IPv4/IPv6 TCP sockets whose remote port is `remotePort`.
    private static func establishedSocketInodes(remotePort: Int) -> Set<String> {
        let portHex = String(format: "%04X", remotePort)
        var inodes: Set<String> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // procfs reports size 0: read to the end instead of trusting the size.
            guard let handle = FileHandle(forReadingAtPath: table) else { continue }
            let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            try? handle.close()
            for line in text.split(separator: "\n").dropFirst() {
                let columns = line.split(separator: " ", omittingEmptySubsequences: true)
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                guard columns.count > 9, columns[3] == "01", columns[2].hasSuffix(":" + portHex) else { continue }
                inodes.insert(String(columns[9]))
            }
        }
        return inodes
    }
}
