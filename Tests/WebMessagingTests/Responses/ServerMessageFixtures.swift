@testable import WebMessaging

/// Server frames as Genesys sends them (shapes from the public Messenger transport SDK tests).
enum ServerMessageFixtures {
    static let sessionBasic =
        #"{"type":"response","class":"SessionResponse","code":200,"#
        + #""body":{"connected":true,"newSession":true}}"#
    static let sessionFull = """
        {"type":"response","class":"SessionResponse","code":200,"body":{"connected":true,"newSession":true,\
        "readOnly":false,"maxCustomDataBytes":2048,"allowedMedia":{"inbound":{"fileTypes":[{"type":"video/mpg"},\
        {"type":"*/*"}],"maxFileSizeKB":10240}},"blockedExtensions":[".ade",".adp"],"clearedExistingSession":false},\
        "tracingId":"tr-1"}
        """
    static let sessionAuthenticated =
        #"{"type":"response","class":"SessionResponse","code":200,"body":"#
        + #"{"connected":true,"newSession":false,"durationSeconds":86400,"expirationDate":1795603200}}"#
    static let sessionReadOnlyAfterClose =
        #"{"type":"response","class":"SessionResponse","code":200,"#
        + #""body":{"connected":false,"readOnly":true}}"#
    static let echoReply =
        #"{"type":"response","class":"StructuredMessage","code":200,"body":{"text":"ping","#
        + #""type":"Text","direction":"Inbound","id":"echo_id","channel":{"time":"2021-03-19T19:59:29.663Z","#
        + #""messageId":"messageId"}},"tracingId":"SGVhbHRoQ2hlY2tNZXNzYWdlSWQ="}"#
    static let agentText = """
        {"type":"message","class":"StructuredMessage","code":200,"body":{"text":"Hello, how can I help?",\
        "direction":"Outbound","id":"5befde6373a23f32f20b59b4e1cba0e6","channel":{"time":"2026-11-25T09:59:29.663Z",\
        "messageId":"m-1","type":"Private","from":{"nickname":"Ana","firstName":"Ana","lastName":"Lopez",\
        "image":"https://example.com/ana.png"},"to":{}},"type":"Text","originatingEntity":"Human"}}
        """
    static let agentAttachment = """
        {"type":"message","class":"StructuredMessage","code":200,"body":{"direction":"Outbound","id":"msg_id",\
        "channel":{"time":"2026-11-25T10:00:00.000Z","type":"Private"},"type":"Text","text":"Here is the form",\
        "content":[{"attachment":{"id":"attachment_id","filename":"form.pdf","mediaType":"File","fileSize":52113,\
        "mime":"application/pdf","url":"https://download.example.com/form.pdf",\
        "sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},"contentType":"Attachment"}],\
        "originatingEntity":"Human"}}
        """
    static let guestEcho = """
        {"type":"message","class":"StructuredMessage","code":200,"body":{"text":"S3_FILE_UPLOADED",\
        "direction":"Inbound","id":"test_id","channel":{"time":"2022-08-22T19:24:26.704Z","messageId":"message_id"},\
        "type":"Text","metadata":{"customMessageId":"cm-1","attacheFileId":"f-1"}},"tracingId":"some_custom_id"}
        """
    static let quickReplies = """
        {"type":"message","class":"StructuredMessage","code":200,"body":{"text":"What would you like to do?",\
        "type":"Structured","direction":"Outbound","id":"msg_id","channel":{"time":"2026-01-06T13:26:15.174Z",\
        "type":"Private","from":{},"to":{}},"content":[{"contentType":"QuickReply","quickReply":{"text":"Yes",\
        "payload":"cookie1","action":"Message"}},{"contentType":"QuickReply","quickReply":{"text":"No",\
        "payload":"cookie2"}}],"metadata":{},"originatingEntity":"Bot"}}
        """
    static let card = """
        {"type":"message","class":"StructuredMessage","code":200,"body":{"direction":"Outbound","id":"msg_id",\
        "channel":{"time":"some_time","type":"Private"},"type":"Structured","text":"You selected this card option",\
        "content":[{"contentType":"Card","card":{"title":"Title","description":"Description",\
        "image":"http://image.com/image.png","defaultAction":{"type":"Link","text":"Open",\
        "url":"http://example.org"},"actions":[{"type":"Postback","text":"Select this option",\
        "payload":"postback_payload"}]}}],"originatingEntity":"Bot"}}
        """
    static let carousel = """
        {"type":"message","class":"StructuredMessage","code":200,"body":{"id":"carousel-id","type":"Structured",\
        "text":"Carousel content test","direction":"Outbound","content":[{"contentType":"Carousel","carousel":\
        {"cards":[{"title":"Card 1","description":"D1","actions":[{"type":"Link","text":"Open",\
        "url":"http://example.org"}]},{"title":"Card 2","description":"D2","actions":[]}]} }],\
        "originatingEntity":"Human"}}
        """
    static let datePicker = """
        {"type":"message","class":"StructuredMessage","code":200,"body":{"direction":"Outbound","id":"msg_id",\
        "originatingMessageId":"msg_id","channel":{"time":"some_time","type":"Private"},"type":"Structured",\
        "text":"Pick a time","content":[{"contentType":"DatePicker","datePicker":{"title":"Book","subtitle":"Pick",\
        "imageUrl":"https://example.com/i.png","availableTimes":[{"duration":3600,\
        "dateTime":"2026-11-26T09:00:00Z"}]}}],"originatingEntity":"Bot"}}
        """
    static let agentTyping = """
        {"type":"message","class":"StructuredMessage","code":200,"body":{"direction":"Outbound","id":"t-1",\
        "channel":{"time":"2026-11-25T10:00:01.000Z"},"type":"Event","events":[{"eventType":"Typing",\
        "typing":{"type":"On","duration":5000}}]}}
        """
    static let readOnlyDisconnect = """
        {"type": "message","class": "StructuredMessage","code": 200,"body": {"direction": "Outbound",\
        "id": "0000000-0000-0000-0000-0000000000","channel": {"time": "2022-03-09T13:35:31.104Z",\
        "messageId": "0000000-0000-0000-0000-0000000000"},"type": "Event","metadata": {"readOnly":"true"},\
        "events": [{"eventType":"Presence","presence":{"type":"Disconnect"}}]}}
        """
    static let presignedMinimal =
        #"{"type":"response","class":"PresignedUrlResponse","code":200,"body":"#
        + #"{"attachmentId":"abcd-1234","headers":{"x-amz-tagging":"organizationId=1234&originPlatform=PureCloud"},"#
        + #""url":"https://uploads.url/foo.png"}}"#
    static let presignedFull =
        #"{"type":"response","class":"PresignedUrlResponse","code":200,"body":"#
        + #"{"attachmentId":"a1","headers":{"x-amz-tagging":"abc","Content-Type":"image/png"},"#
        + #""url":"https://uploads.url/a1","fileName":"foo.png","fileSize":424242,"fileType":"image/png"},"#
        + #""tracingId":"tr-5"}"#
    static let uploadSuccess =
        #"{"type":"message","class":"UploadSuccessEvent","code":200,"body":"#
        + #"{"attachmentId":"abcd-1234","downloadUrl":"https://uploads.url/foo.png","#
        + #""timestamp":"2021-04-21T14:03:09.581Z"}}"#
    static let uploadFailure =
        #"{"type":"message","class":"UploadFailureEvent","code":200,"body":"#
        + #"{"attachmentId":"abcd-1234","errorCode":4001,"errorMessage":"error message", "#
        + #""timestamp":"2021-04-21T14:03:09.581Z"}}"#
    static let generateUrlError =
        #"{"type":"message","class":"GenerateUrlError","code":200,"body":"#
        + #"{"attachmentId":"abcd-1234","errorCode":4001,"errorMessage":"error message"}}"#
    static let attachmentDeleted =
        #"{"type":"message","class":"AttachmentDeletedResponse","code":200,"#
        + #""body":{"attachmentId":"attachment_id"}}"#
    static let jwt =
        #"{"type":"response","class":"JwtResponse","code":200,"body":{"jwt":"expected-jwt-token","#
        + #""exp":1623675564},"tracingId":"tr-9"}"#
    static let sessionExpired = #"{"type": "response","class": "SessionExpiredEvent","code": 200,"body": {}}"#
    static let sessionCleared = #"{"type":"message","class":"SessionClearedEvent","code":200,"body":{}}"#
    static let connectionClosed = #"{"type":"message","class":"ConnectionClosedEvent","code":200,"body":{}}"#
    static let connectionClosedSignedIn =
        #"{"type":"message","class":"ConnectionClosedEvent","code":200,"#
        + #""body":{"reason":"signedIn"}}"#
    static let logout = #"{"type":"message","class":"LogoutEvent","code":200,"body":{}}"#
    static let tooManyRequests =
        #"{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"#
        + #""body":{"retryAfter":3,"errorCode":4029,"errorMessage":"Message rate too high for this session"}}"#
    static let stringSessionExpired =
        #"{"type": "response","class": "string","code": 4006,"#
        + #""body": "session expired error message"}"#
    static let stringUnauthorized =
        #"{"type": "response","class": "string","code": 401,"#
        + #""body": "User is unauthorized"}"#
    static let stringCustomAttributes =
        #"{"type":"response","class":"string","code":4013,"#
        + #""body":"Custom Attributes in channel metadata is larger than 2048 bytes","tracingId":"t"}"#
    static let stringUnexpected = #"{"type":"response","class":"string","code":5000,"body":"Request failed."}"#

    static let all: [(String, ServerMessageClass)] = [
        (sessionBasic, .sessionResponse), (sessionFull, .sessionResponse), (sessionAuthenticated, .sessionResponse),
        (sessionReadOnlyAfterClose, .sessionResponse), (echoReply, .structuredMessage),
        (agentText, .structuredMessage), (agentAttachment, .structuredMessage), (guestEcho, .structuredMessage),
        (quickReplies, .structuredMessage), (card, .structuredMessage), (carousel, .structuredMessage),
        (datePicker, .structuredMessage), (agentTyping, .structuredMessage), (readOnlyDisconnect, .structuredMessage),
        (presignedMinimal, .presignedUrlResponse), (presignedFull, .presignedUrlResponse),
        (uploadSuccess, .uploadSuccessEvent), (uploadFailure, .uploadFailureEvent),
        (generateUrlError, .generateUrlError), (attachmentDeleted, .attachmentDeletedResponse), (jwt, .jwtResponse),
        (sessionExpired, .sessionExpiredEvent), (sessionCleared, .sessionClearedEvent),
        (connectionClosed, .connectionClosedEvent), (connectionClosedSignedIn, .connectionClosedEvent),
        (logout, .logoutEvent), (tooManyRequests, .tooManyRequestsErrorMessage), (stringSessionExpired, .string),
        (stringUnauthorized, .string), (stringCustomAttributes, .string), (stringUnexpected, .string),
    ]
}
