import AWSSigning
import Foundation

// Presigns the benchmark's S3 PUT URL N times (argument 1, default 200000) and prints ns/URL.
let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 200_000
let signer = SigV4Signer(
    credentials: AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    ),
    region: "us-east-1",
    service: "s3"
)
let headers: [SigV4Signer.Header] = [("content-type", "application/pdf"), ("content-length", "5242880")]
let date = Date(timeIntervalSince1970: 1_795_600_000)
guard let url = URL(string: "https://attache-quarantine.s3.us-east-1.amazonaws.com/uploads/3f2a9c0e5b7d41e8a6c4d2f1b0e9a8c7")
else { fatalError("bad URL") }
var checksum = 0
let start = ContinuousClock.now
for _ in 0..<count {
    let signed = try signer.presign(method: "PUT", url: url, headers: headers, expires: 900, date: date)
    checksum &+= signed.absoluteString.utf8.count
}
let elapsed = ContinuousClock.now - start
let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
print(String(format: "%.0f ns/URL over %d URLs (checksum %d)", nanoseconds / Double(count), count, checksum))
