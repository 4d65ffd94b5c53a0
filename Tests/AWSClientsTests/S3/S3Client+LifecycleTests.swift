import AWSClients
import TestSupport
import Testing

@testable import AWSClients

@Suite("S3 bucket lifecycle")
struct S3ClientLifecycleTests {
    @Test("GetBucketLifecycleConfiguration parses AWS's documented answer (rule-level Prefix, transitions skipped)")
    func parseDocumentedExample() throws {
        // The response example of AWS's GetBucketLifecycleConfiguration reference.
        let answer = """
            <?xml version="1.0" encoding="UTF-8"?>
            <LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Rule>
                <ID>Archive and then delete rule</ID>
                <Prefix>projectdocs/</Prefix>
                <Status>Enabled</Status>
                <Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition>
                <Transition><Days>365</Days><StorageClass>GLACIER</StorageClass></Transition>
                <Expiration><Days>3650</Days></Expiration>
              </Rule>
            </LifecycleConfiguration>
            """
        let rules = try S3Client.lifecycleRules(Array(answer.utf8))
        #expect(
            rules == [
                S3LifecycleRule(
                    id: "Archive and then delete rule", filter: .init(prefix: "projectdocs/"), expirationDays: 3650)
            ])
        #expect(rules[0].applies(toKeysWithPrefix: "projectdocs/2024/"))
        #expect(!rules[0].applies(toKeysWithPrefix: "uploads/"))
    }

    @Test("Filters with And (prefix, tags, sizes), an empty Filter, abort rules, dates and disabled rules")
    func parseFilters() throws {
        let answer = """
            <LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Rule><ID>id1</ID>
                <Filter><And><Prefix>documents/</Prefix><Tag><Key>key1</Key><Value>value1</Value></Tag>\
            <ObjectSizeGreaterThan>500</ObjectSizeGreaterThan></And></Filter>
                <Status>Enabled</Status><Expiration><Days>365</Days></Expiration></Rule>
              <Rule><ID>abort</ID><Filter/><Status>Enabled</Status>
                <AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation>\
            </AbortIncompleteMultipartUpload></Rule>
              <Rule><Filter><Prefix></Prefix></Filter><Status>Disabled</Status>\
            <Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration></Rule>
            </LifecycleConfiguration>
            """
        let rules = try S3Client.lifecycleRules(Array(answer.utf8))
        #expect(rules.count == 3)
        #expect(
            rules[0].filter
                == .init(prefix: "documents/", tags: [S3Tag(key: "key1", value: "value1")], objectSizeGreaterThan: 500))
        #expect(!rules[0].applies(toKeysWithPrefix: "documents/"), "only tagged objects over 500 bytes")
        #expect(
            rules[1] == S3LifecycleRule(id: "abort", abortIncompleteMultipartUploadDays: 7)
                && rules[1].applies(toKeysWithPrefix: "uploads/"))
        #expect(rules[2].expirationDate == "2030-01-01T00:00:00.000Z" && !rules[2].isEnabled)
        #expect(!rules[2].applies(toKeysWithPrefix: "uploads/"), "disabled")
    }

    @Test("A bad Status or a non-integer Days is an unexpected response")
    func malformed() {
        for answer in [
            "<LifecycleConfiguration><Rule><Status>On</Status></Rule></LifecycleConfiguration>",
            "<LifecycleConfiguration><Rule><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>ten</Days></Expiration>"
                + "</Rule></LifecycleConfiguration>",
        ] {
            #expect(throws: AWSClientError.self) { try S3Client.lifecycleRules(Array(answer.utf8)) }
        }
    }

    @Test("PutBucketLifecycleConfiguration writes one condition directly, several inside And")
    func document() {
        let xml = String(
            decoding: S3Client.lifecycleDocument([
                S3LifecycleRule(id: "abort", abortIncompleteMultipartUploadDays: 2),
                S3LifecycleRule(
                    id: "rejected", filter: .init(prefix: "uploads/", tags: [S3Tag(key: "verdict", value: "rejected")]),
                    expirationDays: 40),
            ]), as: UTF8.self)
        #expect(
            xml.contains(
                "<Rule><ID>abort</ID><Filter></Filter><Status>Enabled</Status><AbortIncompleteMultipartUpload>"
                    + "<DaysAfterInitiation>2</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>"))
        #expect(
            xml.contains(
                "<Filter><And><Prefix>uploads/</Prefix><Tag><Key>verdict</Key><Value>rejected</Value></Tag></And>"
                    + "</Filter><Status>Enabled</Status><Expiration><Days>40</Days></Expiration>"))
    }
}

@Suite("S3 bucket lifecycle against moto", .enabled(if: TestEnvironment.isAvailable(.moto)))
struct S3ClientLifecycleMotoTests {
    @Test("No configuration reads as no rules (NoSuchLifecycleConfiguration); put and get round-trip")
    func roundTrip() async throws {
        let s3 = try Moto.s3()
        let bucket = try await Moto.bucket(s3, "lifecycle")
        #expect(try await s3.getBucketLifecycleConfiguration(bucket).isEmpty)
        let rules = [
            S3LifecycleRule(id: "abort-incomplete-multipart", abortIncompleteMultipartUploadDays: 2),
            S3LifecycleRule(id: "quarantine-backstop", expirationDays: 37),
            S3LifecycleRule(id: "scoped", filter: .init(prefix: "uploads/"), expirationDays: 90),
        ]
        try await s3.putBucketLifecycleConfiguration(bucket, rules: rules)
        #expect(try await s3.getBucketLifecycleConfiguration(bucket) == rules)
        try await s3.deleteBucket(bucket)
    }
}
