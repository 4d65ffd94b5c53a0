extension SQSClient {
    /// Looks up a queue's URL by name (GetQueueUrl).
    /// - Throws: ``SQSError`` (`QueueDoesNotExist`), ``AWSClientError``.
    public func getQueueURL(name: String, ownerAccountID: String? = nil) async throws -> String {
        let input = SQSWireFormat.GetQueueUrlRequest(QueueName: name, QueueOwnerAWSAccountId: ownerAccountID)
        return try await call("GetQueueUrl", input, as: SQSWireFormat.QueueUrlResponse.self).QueueUrl
    }

    /// Creates a queue, or returns the URL of an existing one with the same attributes (CreateQueue).
    /// - Parameters:
    ///   - name: the queue name.
    ///   - attributes: e.g. `VisibilityTimeout`, `ReceiveMessageWaitTimeSeconds`, `Policy`.
    /// - Returns: the queue URL.
    /// - Throws: ``SQSError`` (`QueueNameExists`), ``AWSClientError``.
    public func createQueue(name: String, attributes: [String: String] = [:]) async throws -> String {
        let input = SQSWireFormat.CreateQueueRequest(QueueName: name, Attributes: attributes.isEmpty ? nil : attributes)
        return try await call("CreateQueue", input, as: SQSWireFormat.QueueUrlResponse.self).QueueUrl
    }

    /// Reads queue attributes (GetQueueAttributes).
    /// - Parameters:
    ///   - queueURL: the queue URL.
    ///   - names: attribute names, e.g. `QueueArn`, `ApproximateNumberOfMessages`; `All` for all.
    /// - Returns: the attributes as strings.
    /// - Throws: ``SQSError``, ``AWSClientError``.
    public func getQueueAttributes(queueURL: String, names: [String] = ["All"]) async throws -> [String: String] {
        let input = SQSWireFormat.GetQueueAttributesRequest(QueueUrl: queueURL, AttributeNames: names)
        return try await call("GetQueueAttributes", input, as: SQSWireFormat.GetQueueAttributesResponse.self)
            .Attributes ?? [:]
    }

    /// The queue's ARN, for S3 notification configurations.
    /// - Throws: ``SQSError``, ``AWSClientError`` (`unexpectedResponse` when SQS omits it).
    public func queueARN(queueURL: String) async throws -> String {
        guard let arn = try await getQueueAttributes(queueURL: queueURL, names: ["QueueArn"])["QueueArn"] else {
            throw AWSClientError(
                .unexpectedResponse, "GetQueueAttributes returned no QueueArn", operation: "SQS.GetQueueAttributes")
        }
        return arn
    }

    /// Deletes every message in a queue (PurgeQueue); for tests.
    /// - Throws: ``SQSError``, ``AWSClientError``.
    public func purgeQueue(queueURL: String) async throws {
        _ = try await call(
            "PurgeQueue", SQSWireFormat.PurgeQueueRequest(QueueUrl: queueURL), as: SQSWireFormat.Empty.self)
    }
}
