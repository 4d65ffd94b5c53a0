import AWSClients
import TestSupport
import Testing

@Suite("S3 buckets against moto", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct S3ClientBucketsTests {
    @Test("A created bucket exists, is private, and a missing one does not exist")
    func bucketChecks() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "doctor")
        try await s3.headBucket(bucket)
        #expect(try await s3.bucketExists(bucket))
        #expect(try await s3.bucketExists(TestEnvironment.uniqueName("absent")) == false)
        let acl = try await s3.getBucketACL(bucket)
        #expect(!acl.grantsPublicAccess)
        #expect(!acl.grants.isEmpty)

        #expect(try await s3.getPublicAccessBlock(bucket) == nil)
        let block = S3PublicAccessBlock(
            blockPublicACLs: true, ignorePublicACLs: true, blockPublicPolicy: true, restrictPublicBuckets: true
        )
        try await s3.putPublicAccessBlock(bucket, block)
        #expect(try await s3.getPublicAccessBlock(bucket)?.blocksAllPublicAccess == true)

        // In us-east-1, re-creating one's own bucket succeeds (S3's legacy behaviour, which moto copies).
        try await s3.createBucket(bucket)
        try await s3.deleteBucket(bucket)
        #expect(try await s3.bucketExists(bucket) == false)
    }
}
