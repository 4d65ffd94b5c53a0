import AWSClients
import TestSupport
import Testing

@testable import AWSClients

@Suite("S3 bucket default encryption")
struct S3ClientEncryptionTests {
    @Test("GetBucketEncryption parses AWS's documented SSE-KMS answer")
    func parseKMS() throws {
        // The response example of AWS's GetBucketEncryption reference.
        let answer = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Rule>
                <ApplyServerSideEncryptionByDefault>
                  <SSEAlgorithm>aws:kms</SSEAlgorithm>
                  <KMSMasterKeyID>arn:aws:kms:us-east-1:1234/5678example</KMSMasterKeyID>
                </ApplyServerSideEncryptionByDefault>
                <BucketKeyEnabled>true</BucketKeyEnabled>
              </Rule>
            </ServerSideEncryptionConfiguration>
            """
        let encryption = try S3Client.bucketEncryption(Array(answer.utf8))
        let rule = try #require(encryption.defaultRule)
        #expect(rule.algorithm == "aws:kms" && rule.usesKMS)
        #expect(rule.kmsMasterKeyID == "arn:aws:kms:us-east-1:1234/5678example")
        #expect(rule.bucketKeyEnabled)
    }

    @Test("The SSE-S3 default AWS gives every new bucket: AES256, no key, no bucket key")
    func parseAES256() throws {
        let answer = """
            <ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule>\
            <ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>\
            </ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule>\
            </ServerSideEncryptionConfiguration>
            """
        let rule = try #require(try S3Client.bucketEncryption(Array(answer.utf8)).defaultRule)
        #expect(rule == S3BucketEncryption.Rule(algorithm: "AES256"))
        #expect(!rule.usesKMS)
        #expect(S3BucketEncryption.Rule(algorithm: "aws:kms:dsse").usesKMS)
    }

    @Test("A rule without ApplyServerSideEncryptionByDefault or SSEAlgorithm, or another root, is unexpected")
    func malformed() {
        for answer in [
            "<ServerSideEncryptionConfiguration><Rule><BucketKeyEnabled>true</BucketKeyEnabled></Rule>"
                + "</ServerSideEncryptionConfiguration>",
            "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault/></Rule>"
                + "</ServerSideEncryptionConfiguration>",
            "<LifecycleConfiguration/>",
        ] {
            #expect(throws: AWSClientError.self) { try S3Client.bucketEncryption(Array(answer.utf8)) }
        }
    }

    @Test("PutBucketEncryption writes S3's document")
    func document() {
        let rule = S3BucketEncryption.Rule(
            algorithm: "aws:kms", kmsMasterKeyID: "alias/attache", bucketKeyEnabled: true)
        let xml = String(decoding: S3Client.encryptionDocument(rule), as: UTF8.self)
        #expect(
            xml.hasSuffix(
                "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                    + "<KMSMasterKeyID>alias/attache</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>"
                    + "<BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>"))
        #expect(xml.contains(#"<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#))
    }
}

@Suite("S3 bucket default encryption against moto", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct S3ClientEncryptionMotoTests {
    @Test("No configuration reads as nil (ServerSideEncryptionConfigurationNotFoundError); put and get round-trip")
    func roundTrip() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "encryption")
        #expect(try await s3.getBucketEncryption(bucket) == nil)
        let rule = S3BucketEncryption.Rule(
            algorithm: "aws:kms", kmsMasterKeyID: "arn:aws:kms:us-east-1:123456789012:key/doctor",
            bucketKeyEnabled: true)
        try await s3.putBucketEncryption(bucket, rule)
        #expect(try await s3.getBucketEncryption(bucket)?.rules == [rule])
        try await s3.putBucketEncryption(bucket, S3BucketEncryption.Rule(algorithm: "AES256"))
        #expect(try await s3.getBucketEncryption(bucket)?.defaultRule?.algorithm == "AES256")
        try await s3.deleteBucket(bucket)
    }

    @Test("A missing bucket is NoSuchBucket, not 'no encryption'")
    func missingBucket() async throws {
        let s3 = try Moto.s3()
        let error = await #expect(throws: S3Error.self) {
            try await s3.getBucketEncryption(TestEnvironment.uniqueName("absent"))
        }
        #expect(error?.code == .noSuchBucket)
    }
}
