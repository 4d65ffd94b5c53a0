import AWSClients
import Foundation
import TestSupport
import Testing

/// Differential tests: our presigned URLs (URL building + signing) against botocore's
/// `generate_presigned_url` for the same request and instant. moto does not verify signatures, so
/// this is what proves that real S3 would accept them.
@Suite("S3 presigned URLs match botocore", .enabled(if: TestEnvironment.isAvailable(.python)))
struct S3ClientPresigningOracleTests {
    static let script = """
        import sys, json, datetime
        from unittest import mock
        import botocore.session
        from botocore.config import Config
        req = json.loads(sys.argv[1])
        client = botocore.session.get_session().create_client(
            's3', region_name='us-east-1', endpoint_url=req['endpoint'],
            aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret',
            config=Config(s3={'addressing_style': 'path'}, signature_version='s3v4'))
        fixed = datetime.datetime(2026, 11, 25, 22, 0, 0, tzinfo=datetime.timezone.utc)
        with mock.patch('botocore.auth.get_current_datetime', return_value=fixed):
            print(json.dumps([client.generate_presigned_url(r['operation'], Params=r['params'],
                ExpiresIn=r['expires']) for r in req['requests']]))
        """

    /// Runs botocore and returns its URLs.
    func botocore(_ requests: [[String: Any]]) throws -> [String] {
        let python = try TestEnvironment.require(.python)
        let input = try JSONSerialization.data(
            withJSONObject: ["endpoint": "http://127.0.0.1:5000", "requests": requests]
        )
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.script, String(decoding: input, as: UTF8.self)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode([String].self, from: data)
    }

    /// The path and the `X-Amz-*` items of a URL.
    func parts(_ url: String) throws -> (path: String, signature: String?, query: Set<String>) {
        let components = try #require(URLComponents(string: url))
        let items = components.percentEncodedQueryItems ?? []
        return (
            components.percentEncodedPath,
            items.first { $0.name == "X-Amz-Signature" }?.value,
            Set(items.map { "\($0.name)=\($0.value ?? "")" })
        )
    }

    static let keys = ["a b+c~é/x", "100% sure?#&=.pdf", "文件/ü 🎉", "dir//double", "plain"]

    @Test("GET URLs with response-content-disposition sign exactly as botocore", arguments: keys)
    func get(key: String) async throws {
        let client = S3ClientTests.client(endpoint: "http://127.0.0.1:5000")
        let disposition = "attachment; filename=\"\(key).bin\""
        let ours = try await client.presignedGetURL(
            bucket: "clean", key: key, expires: .seconds(30), responseContentDisposition: disposition,
            responseContentType: "application/octet-stream", date: Date(timeIntervalSince1970: 1_795_644_000)
        )
        let theirs = try botocore([
            [
                "operation": "get_object", "expires": 30,
                "params": [
                    "Bucket": "clean", "Key": key, "ResponseContentDisposition": disposition,
                    "ResponseContentType": "application/octet-stream",
                ],
            ]
        ])
        let mine = try parts(ours.url)
        let reference = try parts(try #require(theirs.first))
        #expect(mine.path == reference.path)
        #expect(mine.query == reference.query)
        #expect(mine.signature != nil && mine.signature == reference.signature)
    }

    @Test("UploadPart URLs sign partNumber and uploadId exactly as botocore")
    func uploadPart() async throws {
        let client = S3ClientTests.client(endpoint: "http://127.0.0.1:5000")
        let upload = S3MultipartUpload(bucket: "quarantine", key: "uploads/f 1", uploadID: "2~u/+=x")
        let ours = try await client.presignedUploadPartURL(
            upload, partNumber: 3, expires: .seconds(600), date: Date(timeIntervalSince1970: 1_795_644_000)
        )
        let theirs = try botocore([
            [
                "operation": "upload_part", "expires": 600,
                "params": ["Bucket": "quarantine", "Key": "uploads/f 1", "PartNumber": 3, "UploadId": "2~u/+=x"],
            ]
        ])
        let mine = try parts(ours.url)
        let reference = try parts(try #require(theirs.first))
        #expect(mine.path == reference.path)
        #expect(mine.query == reference.query)
        #expect(mine.signature == reference.signature)
    }
}
