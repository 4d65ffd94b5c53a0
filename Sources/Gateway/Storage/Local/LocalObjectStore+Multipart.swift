import Crypto
import Foundation
import NIOCore

extension LocalObjectStore {
    public func createMultipartUpload(key: String, contentType: String) async throws -> String {
        try LocalObjectLayout.validate(key: key)
        let uploadID = LocalFileIO.hex((0..<16).map { _ in UInt8.random(in: .min ... .max) })
        let directory = try layout.uploadDirectory(uploadID)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let upload = LocalMultipartUpload(key: key, contentType: contentType, initiated: Date())
        try LocalFileIO.writeJSON(
            upload, to: directory.appendingPathComponent("upload.json"), temporary: try layout.temporaryFile())
        return uploadID
    }

    public func listParts(key: String, uploadID: String) async throws -> [StoredPart] {
        let directory = try requireUpload(key: key, uploadID: uploadID)
        return try Self.partRecords(in: directory).map {
            StoredPart(partNumber: $0.partNumber, etag: $0.etag, size: $0.size)
        }
    }

    public func completeMultipartUpload(key: String, uploadID: String, parts: [StoredPart]) async throws {
        let directory = try requireUpload(key: key, uploadID: uploadID)
        guard let upload = try multipartUpload(uploadID) else {
            throw ObjectStoreError(.noSuchUpload, "no multipart upload \(uploadID) for this key", key: key)
        }
        guard !parts.isEmpty, zip(parts, parts.dropFirst()).allSatisfy({ $0.partNumber < $1.partNumber }) else {
            throw ObjectStoreError(.invalidPartOrder, "list at least one part, in ascending order", key: key)
        }
        let stored = Dictionary(
            try Self.partRecords(in: directory).map { ($0.partNumber, $0) }, uniquingKeysWith: { $1 })
        var records: [LocalPartRecord] = []
        for (index, part) in parts.enumerated() {
            guard let record = stored[part.partNumber], Self.unquote(record.etag) == Self.unquote(part.etag) else {
                throw ObjectStoreError(
                    .invalidPart, "part \(part.partNumber) is missing or its ETag does not match", key: key)
            }
            if index < parts.count - 1, record.size < minimumPartSize {
                throw ObjectStoreError(
                    .entityTooSmall, "part \(part.partNumber) is below the \(minimumPartSize)-byte minimum", key: key)
            }
            records.append(record)
        }
        // The object is the parts themselves, hard-linked in order into a folder: completing
        // moves no bytes (as S3's completion does not), and the upload's own files stay intact
        // until the object is in place, so a failed completion can be retried.
        let temporary = try layout.temporaryFile()
        let size = try linkParts(records, in: directory, into: temporary)
        var digests: [UInt8] = []
        for record in records { digests += Self.bytes(fromHex: Self.unquote(record.etag)) }
        let etag = "\"" + LocalFileIO.hex(Insecure.MD5.hash(data: digests)) + "-\(records.count)\""
        let metadata = LocalObjectMetadata(
            size: size, etag: etag, contentType: upload.contentType, lastModified: Date(), tags: [:])
        do {
            try writeMetadata(metadata, .quarantine, key: key)
            try LocalFileIO.move(temporary, to: try layout.dataURL(.quarantine, key))
        } catch {
            try? LocalFileIO.remove(temporary)
            throw LocalFileIO.storageError(error)
        }
        try LocalFileIO.remove(directory)
        await events?.publish(ObjectCreatedEvent(key: key, size: size, etag: etag))
    }

    public func abortMultipartUpload(key: String, uploadID: String) async throws {
        guard let upload = try multipartUpload(uploadID), upload.key == key else { return }
        try LocalFileIO.remove(try layout.uploadDirectory(uploadID))
    }

    /// Receives one part into its upload's folder, hashing it for its ETag.
    /// - Returns: The part as ``listParts(key:uploadID:)`` will report it.
    /// - Throws: ``ObjectStoreError`` (`noSuchUpload`, `entityTooLarge`, `incompleteBody`).
    func receivePart<Body: AsyncSequence>(
        key: String,
        uploadID: String,
        partNumber: Int,
        contentLength: Int64?,
        body: Body
    ) async throws -> StoredPart where Body.Element == ByteBuffer {
        try Self.checkPartNumber(partNumber, key: key)
        let directory = try requireUpload(key: key, uploadID: uploadID)
        let temporary = try layout.temporaryFile()
        let received = try await LocalFileIO.receive(
            body, into: temporary, expectedLength: contentLength, maximumLength: Self.maximumPartSize)
        let record = LocalPartRecord(
            partNumber: partNumber, etag: "\"" + LocalFileIO.hex(received.md5) + "\"", size: received.size)
        // The upload may have been completed or aborted while the part streamed in.
        guard FileManager.default.fileExists(atPath: directory.path) else {
            try? LocalFileIO.remove(temporary)
            throw ObjectStoreError(.noSuchUpload, "the multipart upload ended while the part arrived", key: key)
        }
        let partFile = directory.appendingPathComponent("\(partNumber).part")
        try LocalFileIO.move(temporary, to: partFile)
        do {
            try LocalFileIO.writeJSON(
                record, to: directory.appendingPathComponent("\(partNumber).json"),
                temporary: try layout.temporaryFile())
        } catch {
            // Without its record the part is not listed: drop its bytes too (disk full).
            try? LocalFileIO.remove(partFile)
            throw error
        }
        return StoredPart(partNumber: partNumber, etag: record.etag, size: record.size)
    }

    /// The upload's description, or `nil` when it does not exist.
    func multipartUpload(_ uploadID: String) throws -> LocalMultipartUpload? {
        let directory = try layout.uploadDirectory(uploadID)
        let file = directory.appendingPathComponent("upload.json")
        return try LocalFileIO.readJSON(LocalMultipartUpload.self, from: file)
    }

    private func requireUpload(key: String, uploadID: String) throws -> URL {
        guard let upload = try multipartUpload(uploadID), upload.key == key else {
            throw ObjectStoreError(.noSuchUpload, "no multipart upload \(uploadID) for this key", key: key)
        }
        return try layout.uploadDirectory(uploadID)
    }

    /// Makes the folder `folder` holding the listed parts in order, each hard-linked (copied
    /// where the filesystem cannot link) under its position (``LocalObjectLayout/partFileName(_:)``);
    /// returns the total size. The parts were synchronised to disk as they arrived.
    private func linkParts(_ records: [LocalPartRecord], in directory: URL, into folder: URL) throws -> Int64 {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            var size: Int64 = 0
            for (index, record) in records.enumerated() {
                let partFile = directory.appendingPathComponent("\(record.partNumber).part")
                let target = folder.appendingPathComponent(LocalObjectLayout.partFileName(index + 1))
                try LocalFileIO.link(partFile, to: target)
                size += record.size
            }
            return size
        } catch {
            try? LocalFileIO.remove(folder)
            if LocalFileIO.isOutOfSpace(error) { throw LocalFileIO.storageError(error) }
            throw ObjectStoreError(.storageFailure, "cannot assemble the parts: \(error)")
        }
    }

    private static func partRecords(in directory: URL) throws -> [LocalPartRecord] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var records: [LocalPartRecord] = []
        for name in names where name.hasSuffix(".json") && name != "upload.json" {
            let partFile = directory.appendingPathComponent(String(name.dropLast(5)) + ".part")
            guard FileManager.default.fileExists(atPath: partFile.path),
                let record = try LocalFileIO.readJSON(
                    LocalPartRecord.self, from: directory.appendingPathComponent(name))
            else { continue }
            records.append(record)
        }
        return records.sorted { $0.partNumber < $1.partNumber }
    }

    static func unquote(_ etag: String) -> String {
        etag.replacingOccurrences(of: "\"", with: "")
    }

    static func bytes(fromHex hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
