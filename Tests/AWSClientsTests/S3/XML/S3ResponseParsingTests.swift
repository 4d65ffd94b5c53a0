import Foundation
import Testing

@testable import AWSClients

@Suite("S3 response documents")
struct S3ResponseParsingTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("InitiateMultipartUploadResult gives the upload id")
    func initiate() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
            <Bucket>b</Bucket><Key>k</Key><UploadId>VXBsb2FkIElE</UploadId></InitiateMultipartUploadResult>
            """
        #expect(try S3ResponseParsing.initiateMultipartUpload(bytes(xml)) == "VXBsb2FkIElE")
        #expect(throws: AWSClientError.self) {
            try S3ResponseParsing.initiateMultipartUpload(self.bytes("<InitiateMultipartUploadResult/>"))
        }
    }

    @Test("ListPartsResult gives part numbers, unquoted ETags, sizes and the next marker")
    func listParts() throws {
        let xml = """
            <ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket><Key>k</Key>\
            <UploadId>u</UploadId><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2\
            </NextPartNumberMarker><MaxParts>2</MaxParts><IsTruncated>true</IsTruncated>\
            <Part><PartNumber>1</PartNumber><LastModified>2026-11-25T10:00:00.000Z</LastModified>\
            <ETag>"7778aef83f66abc1fa1e8477f296d394"</ETag><Size>5242880</Size></Part>\
            <Part><PartNumber>2</PartNumber><LastModified>2026-11-25T10:00:01.000Z</LastModified>\
            <ETag>&quot;aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&quot;</ETag><Size>1024</Size></Part></ListPartsResult>
            """
        let page = try S3ResponseParsing.listParts(bytes(xml))
        #expect(page.isTruncated)
        #expect(page.nextPartNumberMarker == 2)
        #expect(page.parts.map(\.partNumber) == [1, 2])
        #expect(page.parts.map(\.eTag) == ["7778aef83f66abc1fa1e8477f296d394", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
        #expect(page.parts.map(\.size) == [5_242_880, 1024])
        #expect(page.parts[0].lastModified == Date(timeIntervalSince1970: 1_795_600_800))
    }

    @Test("An empty ListPartsResult has no parts and is not truncated")
    func listPartsEmpty() throws {
        let page = try S3ResponseParsing.listParts(
            bytes("<ListPartsResult><IsTruncated>false</IsTruncated></ListPartsResult>"))
        #expect(page.parts.isEmpty)
        #expect(!page.isTruncated)
    }

    @Test("A part without a size, or a truncated page without a marker, is rejected")
    func listPartsInvalid() {
        let missingSize = "<ListPartsResult><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part></ListPartsResult>"
        #expect(throws: AWSClientError.self) { try S3ResponseParsing.listParts(self.bytes(missingSize)) }
        let noMarker = "<ListPartsResult><IsTruncated>true</IsTruncated></ListPartsResult>"
        #expect(throws: AWSClientError.self) { try S3ResponseParsing.listParts(self.bytes(noMarker)) }
        let badNumber =
            "<ListPartsResult><Part><PartNumber>x</PartNumber><ETag>e</ETag><Size>1</Size></Part></ListPartsResult>"
        #expect(throws: AWSClientError.self) { try S3ResponseParsing.listParts(self.bytes(badNumber)) }
    }

    @Test("ListPartsResult gives each part's CRC-32 when the upload has checksums, and the entry completing with it")
    func listPartsChecksums() throws {
        let xml = """
            <ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated>\
            <ChecksumAlgorithm>CRC32</ChecksumAlgorithm><Part><PartNumber>1</PartNumber><ETag>"e1"</ETag>\
            <Size>5242880</Size><ChecksumCRC32>y/Q5Jg==</ChecksumCRC32></Part>\
            <Part><PartNumber>2</PartNumber><ETag>"e2"</ETag><Size>3</Size></Part></ListPartsResult>
            """
        let page = try S3ResponseParsing.listParts(bytes(xml))
        #expect(page.parts.map(\.checksumCRC32) == ["y/Q5Jg==", nil])
        #expect(
            page.parts.map(\.completed) == [
                S3CompletedPart(partNumber: 1, eTag: "e1", checksumCRC32: "y/Q5Jg=="),
                S3CompletedPart(partNumber: 2, eTag: "e2"),
            ])
    }

    @Test("ListMultipartUploadsResult gives keys, upload ids, checksum algorithms, start times and markers")
    func listMultipartUploads() throws {
        let xml = """
            <ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket>\
            <KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><NextKeyMarker>k2</NextKeyMarker>\
            <NextUploadIdMarker>u2</NextUploadIdMarker><MaxUploads>2</MaxUploads><IsTruncated>true</IsTruncated>\
            <Upload><Key>k1</Key><UploadId>u1</UploadId><Initiated>2026-11-25T10:00:00.000Z</Initiated></Upload>\
            <Upload><Key>k2</Key><UploadId>u2</UploadId><ChecksumAlgorithm>CRC32</ChecksumAlgorithm></Upload>            </ListMultipartUploadsResult>
            """
        let page = try S3ResponseParsing.listMultipartUploads(bytes(xml), bucket: "b")
        #expect(
            page.uploads.map(\.upload) == [
                S3MultipartUpload(bucket: "b", key: "k1", uploadID: "u1"),
                S3MultipartUpload(bucket: "b", key: "k2", uploadID: "u2", checksumAlgorithm: .crc32),
            ])
        #expect(page.uploads.first?.initiated == Date(timeIntervalSince1970: 1_795_600_800))
        #expect(page.isTruncated)
        #expect(page.nextKeyMarker == "k2" && page.nextUploadIDMarker == "u2")
        let empty = try S3ResponseParsing.listMultipartUploads(
            bytes("<ListMultipartUploadsResult><NextKeyMarker/></ListMultipartUploadsResult>"), bucket: "b"
        )
        #expect(empty.uploads.isEmpty && empty.nextKeyMarker == nil)
    }

    @Test("CompleteMultipartUploadResult gives location, bucket, key and ETag")
    func complete() throws {
        let xml = """
            <CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
            <Location>http://b.s3.amazonaws.com/k</Location><Bucket>b</Bucket><Key>k</Key>\
            <ETag>"3858f62230ac3c915f300c664312c11f-9"</ETag></CompleteMultipartUploadResult>
            """
        let result = try S3ResponseParsing.completeMultipartUpload(bytes(xml), requestID: nil, resource: "/b/k")
        #expect(result.eTag == "3858f62230ac3c915f300c664312c11f-9")
        #expect(result.bucket == "b")
        #expect(result.key == "k")
        #expect(result.location == "http://b.s3.amazonaws.com/k")
    }

    @Test(
        "An error inside a 200 CompleteMultipartUpload body is thrown; InternalError counts as a retryable 500",
        arguments: [("InternalError", 500, true), ("InvalidPart", 200, false), ("SlowDown", 200, true)]
    )
    func completeErrorIn200(code: String, status: Int, retryable: Bool) throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>

            <Error><Code>\(code)</Code><Message>We encountered an internal error.</Message>\
            <RequestId>656c76696e6727732072657175657374</RequestId></Error>
            """
        #expect {
            _ = try S3ResponseParsing.completeMultipartUpload(self.bytes(xml), requestID: "H", resource: "/b/k")
        } throws: { error in
            guard let error = error as? S3Error else { return false }
            return error.code.rawValue == code && error.status == status
                && error.requestID == "656c76696e6727732072657175657374"
                && error.operation == "S3.CompleteMultipartUpload"
                && AWSTransport.classify(error).isRetryable == retryable
        }
    }

    @Test("A truncated CompleteMultipartUpload body is a truncated response")
    func completeTruncated() {
        #expect {
            _ = try S3ResponseParsing.completeMultipartUpload(
                self.bytes("<CompleteMultipartUploadResult><Location>http://"), requestID: nil, resource: "/b/k")
        } throws: { ($0 as? AWSClientError)?.code == .truncatedResponse }
    }

    @Test("CopyObjectResult gives the ETag and time; an error in its 200 body is thrown")
    func copy() throws {
        let xml = """
            <CopyObjectResult><LastModified>2026-11-25T10:00:00.000Z</LastModified>\
            <ETag>"9b2cf535f27731c974343645a3985328"</ETag></CopyObjectResult>
            """
        let result = try S3ResponseParsing.copyObject(bytes(xml), requestID: nil, resource: "/b/k")
        #expect(result.eTag == "9b2cf535f27731c974343645a3985328")
        #expect(result.lastModified != nil)
        #expect(throws: S3Error.self) {
            try S3ResponseParsing.copyObject(
                self.bytes("<Error><Code>InternalError</Code></Error>"), requestID: nil, resource: "/b/k")
        }
    }

    @Test("Tagging gives the tag set; an empty set is empty")
    func tagging() throws {
        let xml = """
            <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>scan</Key>\
            <Value>clean</Value></Tag><Tag><Key>file-id</Key><Value>a b&amp;c</Value></Tag></TagSet></Tagging>
            """
        #expect(
            try S3ResponseParsing.tagging(bytes(xml)) == [
                S3Tag(key: "scan", value: "clean"), S3Tag(key: "file-id", value: "a b&c"),
            ])
        #expect(try S3ResponseParsing.tagging(bytes("<Tagging><TagSet/></Tagging>")).isEmpty)
        #expect(throws: AWSClientError.self) { try S3ResponseParsing.tagging(self.bytes("<NotTagging/>")) }
    }

    @Test("ListBucketResult with url encoding decodes keys and prefixes")
    func listObjects() throws {
        let xml = """
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>\
            <Prefix>dir%2F</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><EncodingType>url</EncodingType>\
            <IsTruncated>true</IsTruncated><NextContinuationToken>tok+en/=</NextContinuationToken>\
            <Contents><Key>dir/a+b%2Bc%C3%A9~.txt</Key><LastModified>2026-11-25T10:00:00.000Z</LastModified>\
            <ETag>"e1"</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>\
            <Contents><Key>dir/z</Key><Size>0</Size></Contents>\
            <CommonPrefixes><Prefix>dir/sub%2F</Prefix></CommonPrefixes></ListBucketResult>
            """
        let page = try S3ResponseParsing.listObjectsV2(bytes(xml))
        #expect(page.objects.map(\.key) == ["dir/a b+cé~.txt", "dir/z"])
        #expect(page.objects.map(\.size) == [12, 0])
        #expect(page.objects[0].eTag == "e1")
        #expect(page.commonPrefixes == ["dir/sub/"])
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "tok+en/=")
    }

    @Test("ListBucketResult without url encoding keeps keys as they are")
    func listObjectsPlain() throws {
        let xml = """
            <ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a+b</Key><Size>1</Size></Contents>\
            </ListBucketResult>
            """
        let page = try S3ResponseParsing.listObjectsV2(bytes(xml))
        #expect(page.objects.map(\.key) == ["a+b"])
        #expect(page.nextContinuationToken == nil)
    }

    @Test("NotificationConfiguration gives queue ARNs, events and filter rules")
    func notification() throws {
        let xml = """
            <NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><QueueConfiguration>\
            <Id>quarantine</Id><Queue>arn:aws:sqs:us-east-1:123456789012:events</Queue>\
            <Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:Delete</Event><Filter><S3Key>\
            <FilterRule><Name>prefix</Name><Value>uploads/</Value></FilterRule></S3Key></Filter>\
            </QueueConfiguration><TopicConfiguration><Topic>arn:aws:sns:x</Topic><Event>s3:ObjectCreated:*</Event>\
            </TopicConfiguration><EventBridgeConfiguration/></NotificationConfiguration>
            """
        let configuration = try S3ResponseParsing.notificationConfiguration(bytes(xml))
        #expect(
            configuration.queues == [
                S3QueueConfiguration(
                    id: "quarantine",
                    queueARN: "arn:aws:sqs:us-east-1:123456789012:events",
                    events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"],
                    filterRules: [.prefix("uploads/")]
                )
            ])
        #expect(configuration.topicConfigurationCount == 1)
        #expect(configuration.eventBridgeEnabled)
        let empty = try S3ResponseParsing.notificationConfiguration(bytes("<NotificationConfiguration/>"))
        #expect(empty.queues.isEmpty)
        let motoEmpty = try S3ResponseParsing.notificationConfiguration(
            bytes(#"<GetBucketNotificationResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#))
        #expect(motoEmpty.queues.isEmpty)
    }

    @Test("The notification document we write is read back unchanged")
    func notificationRoundTrip() throws {
        let queue = S3QueueConfiguration(
            id: "q", queueARN: "arn:aws:sqs:us-east-1:1:q", events: ["s3:ObjectCreated:*"],
            filterRules: [.suffix(".pdf")]
        )
        let document = S3Client.notificationDocument([queue])
        #expect(try S3ResponseParsing.notificationConfiguration(document).queues == [queue])
    }

    @Test("PublicAccessBlockConfiguration gives the four switches")
    func publicAccessBlock() throws {
        let xml = """
            <PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true\
            </IgnorePublicAcls><BlockPublicPolicy>TRUE</BlockPublicPolicy><RestrictPublicBuckets>false\
            </RestrictPublicBuckets></PublicAccessBlockConfiguration>
            """
        let block = try S3ResponseParsing.publicAccessBlock(bytes(xml))
        #expect(block.blockPublicACLs && block.ignorePublicACLs && block.blockPublicPolicy)
        #expect(!block.restrictPublicBuckets)
        #expect(!block.blocksAllPublicAccess)
    }

    @Test("AccessControlPolicy tells a private bucket from a public one")
    func acl() throws {
        let owner = """
            <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">\
            <ID>abc</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>
            """
        let everyone = """
            <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">\
            <URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>
            """
        let privateACL = try S3ResponseParsing.accessControlPolicy(
            bytes(
                "<AccessControlPolicy><Owner><ID>abc</ID></Owner>"
                    + "<AccessControlList>\(owner)</AccessControlList></AccessControlPolicy>"
            )
        )
        #expect(privateACL.ownerID == "abc")
        #expect(privateACL.grants.first?.granteeID == "abc")
        #expect(!privateACL.grantsPublicAccess)
        let publicACL = try S3ResponseParsing.accessControlPolicy(
            bytes(
                "<AccessControlPolicy><AccessControlList>\(owner)\(everyone)</AccessControlList></AccessControlPolicy>")
        )
        #expect(publicACL.grantsPublicAccess)
    }

    @Test(
        "Every parser rejects malformed, truncated and non-UTF-8 bodies with a typed error",
        arguments: ["<ListPartsResult><Part>", "{\"json\": true}", "<A>\u{0}</A>"]
    )
    func everyParserRejectsGarbage(body: String) {
        let parsers: [([UInt8]) throws -> Void] = [
            { _ = try S3ResponseParsing.initiateMultipartUpload($0) },
            { _ = try S3ResponseParsing.listParts($0) },
            { _ = try S3ResponseParsing.listMultipartUploads($0, bucket: "b") },
            { _ = try S3ResponseParsing.completeMultipartUpload($0, requestID: nil, resource: "/b/k") },
            { _ = try S3ResponseParsing.copyObject($0, requestID: nil, resource: "/b/k") },
            { _ = try S3ResponseParsing.tagging($0) },
            { _ = try S3ResponseParsing.listObjectsV2($0) },
            { _ = try S3ResponseParsing.notificationConfiguration($0) },
            { _ = try S3ResponseParsing.publicAccessBlock($0) },
            { _ = try S3ResponseParsing.accessControlPolicy($0) },
        ]
        for parse in parsers {
            #expect(throws: AWSClientError.self) { try parse(Array(body.utf8)) }
            #expect(throws: AWSClientError.self) { try parse([0x3C, 0x41, 0x3E, 0xFF, 0x3C, 0x2F, 0x41, 0x3E]) }
        }
    }
}
