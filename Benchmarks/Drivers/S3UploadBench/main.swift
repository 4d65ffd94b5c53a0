import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation

// S3UploadBench: multipart upload of one file with AWSClients' S3Client, as boto3's
// upload_file does it (8 MiB parts, 10 at a time, a CRC-32 checksum on every part), timed from
// CreateMultipartUpload to CompleteMultipartUpload's answer.
//
//   S3UploadBench ENDPOINT BUCKET FILE [repetitions, default 3] [part MiB, default 8] [concurrency, default 10]
//
// Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Prints one JSON line:
// {"seconds": [...], "bytes": N, "parts": N}. Each repetition uploads to a fresh key and deletes it.
struct Failure: Error, CustomStringConvertible {
    let description: String
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 3 else {
    throw Failure(description: "usage: S3UploadBench ENDPOINT BUCKET FILE [repetitions] [part MiB] [concurrency]")
}
let endpoint = arguments[0]
let bucket = arguments[1]
let path = arguments[2]
let repetitions = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3
let partSize = Int64(arguments.count > 4 ? Int(arguments[4]) ?? 8 : 8) << 20
let concurrency = arguments.count > 5 ? Int(arguments[5]) ?? 10 : 10
let environment = ProcessInfo.processInfo.environment
let credentials = StaticCredentialProvider(
    accessKeyID: environment["AWS_ACCESS_KEY_ID"] ?? "attache-bench",
    secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"] ?? "attache-bench-secret"
)
let size = Int64(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0)
let partCount = Int((size + partSize - 1) / partSize)
let s3 = S3Client(
    httpClient: .shared, credentials: credentials,
    configuration: .init(region: "us-east-1", endpoint: endpoint, addressing: .path))

var seconds: [Double] = []
for repetition in 0..<repetitions {
    let key = "bench/upload-\(repetition)-\(UUID().uuidString)"
    let start = ContinuousClock.now
    let upload = try await s3.createMultipartUpload(bucket: bucket, key: key, checksumAlgorithm: .crc32)
    let parts = try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
        var next = 1
        var done: [S3CompletedPart] = []
        func add(_ number: Int) throws {
            let offset = Int64(number - 1) * partSize
            let body = try S3Body.file(path: path, offset: offset, length: min(partSize, size - offset))
            group.addTask { try await s3.uploadPart(upload, partNumber: number, body: body) }
        }
        while next <= min(concurrency, partCount) {
            try add(next)
            next += 1
        }
        while let part = try await group.next() {
            done.append(part)
            if next <= partCount {
                try add(next)
                next += 1
            }
        }
        return done
    }
    _ = try await s3.completeMultipartUpload(upload, parts: parts)
    let elapsed = ContinuousClock.now - start
    seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    try await s3.deleteObject(bucket: bucket, key: key)
}
print("{\"seconds\": \(seconds), \"bytes\": \(size), \"parts\": \(partCount), \"concurrency\": \(concurrency)}")
