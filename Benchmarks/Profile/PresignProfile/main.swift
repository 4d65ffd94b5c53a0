import AWSSigning
import Foundation

// Presigns the benchmark's S3 PUT URL N times and prints ns/URL:
//   PresignProfile [count, default 200000] [text|url, default text]
// `text` is presign(method:urlString:…), what the S3 client calls; `url` goes through Foundation's URL.
let arguments = CommandLine.arguments.dropFirst()
let count = arguments.first.flatMap(Int.init) ?? 200_000
let viaURL = arguments.dropFirst().first == "url"
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
let text = "https://attache-quarantine.s3.us-east-1.amazonaws.com/uploads/3f2a9c0e5b7d41e8a6c4d2f1b0e9a8c7"
guard let url = URL(string: text) else { fatalError("bad URL") }
var checksum = 0
let start = ContinuousClock.now
for _ in 0..<count {
    if viaURL {
        let signed = try signer.presign(method: "PUT", url: url, headers: headers, expires: 900, date: date)
        checksum &+= signed.absoluteString.utf8.count
    } else {
        let signed = try signer.presign(method: "PUT", urlString: text, headers: headers, expires: 900, date: date)
        checksum &+= signed.utf8.count
    }
}
let elapsed = ContinuousClock.now - start
let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
let mode = viaURL ? "presign(url:)" : "presign(urlString:)"
print(String(format: "%@: %.0f ns/URL over %d URLs (checksum %d)", mode, nanoseconds / Double(count), count, checksum))
