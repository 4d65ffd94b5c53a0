extension SQSClient {
    /// Receives up to `maxMessages` messages, long-polling up to `waitTime` (ReceiveMessage).
    /// - Parameters:
    ///   - queueURL: the queue URL.
    ///   - maxMessages: 1…10.
    ///   - waitTime: long-poll duration, 0…20 s; `nil` uses the queue's setting.
    ///   - visibilityTimeout: how long received messages stay hidden; `nil` uses the queue's.
    ///   - attributeNames: system attributes to return (default: all, including
    ///     `ApproximateReceiveCount` and `SentTimestamp`).
    /// - Returns: the messages (empty when none arrived in time).
    /// - Throws: ``SQSError``, ``AWSClientError``.
    public func receiveMessages(
        queueURL: String,
        maxMessages: Int = 10,
        waitTime: Duration? = .seconds(20),
        visibilityTimeout: Duration? = nil,
        attributeNames: [String] = ["All"]
    ) async throws -> [SQSMessage] {
        let wait = waitTime.map { Int($0.components.seconds) }
        let input = SQSWireFormat.ReceiveMessageRequest(
            QueueUrl: queueURL,
            MaxNumberOfMessages: maxMessages,
            WaitTimeSeconds: wait,
            VisibilityTimeout: visibilityTimeout.map { Int($0.components.seconds) },
            AttributeNames: attributeNames,
            MessageSystemAttributeNames: attributeNames,
            MessageAttributeNames: ["All"]
        )
        let timeout = configuration.requestTimeout + .seconds(wait ?? 20)
        let output = try await call(
            "ReceiveMessage",
            input,
            as: SQSWireFormat.ReceiveMessageResponse.self,
            timeout: timeout
        )
        return (output.Messages ?? []).map { message in
            SQSMessage(
                messageID: message.MessageId,
                receiptHandle: message.ReceiptHandle,
                body: message.Body,
                md5OfBody: message.MD5OfBody,
                attributes: message.Attributes ?? [:],
                messageAttributes: (message.MessageAttributes ?? [:]).compactMapValues(\.StringValue)
            )
        }
    }

    /// Deletes a received message (DeleteMessage).
    /// - Throws: ``SQSError`` (`ReceiptHandleIsInvalid`), ``AWSClientError``.
    public func deleteMessage(queueURL: String, receiptHandle: String) async throws {
        let input = SQSWireFormat.DeleteMessageRequest(QueueUrl: queueURL, ReceiptHandle: receiptHandle)
        _ = try await call("DeleteMessage", input, as: SQSWireFormat.Empty.self)
    }

    /// Deletes up to 10 received messages in one request (DeleteMessageBatch).
    /// - Parameters:
    ///   - queueURL: the queue URL.
    ///   - entries: `(id, receiptHandle)` pairs; ids are the caller's and must be distinct.
    /// - Returns: per-entry success and failure.
    /// - Throws: ``SQSError`` for the request as a whole, ``AWSClientError``.
    public func deleteMessageBatch(
        queueURL: String, entries: [(id: String, receiptHandle: String)]
    ) async throws
        -> SQSBatchResult
    {
        let input = SQSWireFormat.DeleteMessageBatchRequest(
            QueueUrl: queueURL,
            Entries: entries.map { .init(Id: $0.id, ReceiptHandle: $0.receiptHandle) }
        )
        let output = try await call("DeleteMessageBatch", input, as: SQSWireFormat.BatchResponse.self)
        return SQSBatchResult(
            successful: (output.Successful ?? []).map(\.Id),
            failed: (output.Failed ?? []).map {
                .init(id: $0.Id, code: $0.Code, message: $0.Message, senderFault: $0.SenderFault ?? false)
            }
        )
    }

    /// Changes how long a received message stays hidden (ChangeMessageVisibility); 0 makes it
    /// visible again at once.
    /// - Throws: ``SQSError`` (`MessageNotInflight`, `ReceiptHandleIsInvalid`), ``AWSClientError``.
    public func changeMessageVisibility(queueURL: String, receiptHandle: String, timeout: Duration) async throws {
        let input = SQSWireFormat.ChangeMessageVisibilityRequest(
            QueueUrl: queueURL,
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: Int(timeout.components.seconds)
        )
        _ = try await call("ChangeMessageVisibility", input, as: SQSWireFormat.Empty.self)
    }

    /// Sends a message (SendMessage).
    /// - Parameters:
    ///   - queueURL: the queue URL.
    ///   - body: the body (up to 256 KiB).
    ///   - delay: delivery delay, 0…900 s.
    ///   - attributes: string message attributes.
    /// - Returns: SQS's message id.
    /// - Throws: ``SQSError``, ``AWSClientError``.
    @discardableResult
    public func sendMessage(
        queueURL: String,
        body: String,
        delay: Duration? = nil,
        attributes: [String: String] = [:]
    ) async throws -> String {
        let input = SQSWireFormat.SendMessageRequest(
            QueueUrl: queueURL,
            MessageBody: body,
            DelaySeconds: delay.map { Int($0.components.seconds) },
            MessageAttributes: attributes.isEmpty
                ? nil : attributes.mapValues { .init(DataType: "String", StringValue: $0) }
        )
        return try await call("SendMessage", input, as: SQSWireFormat.SendMessageResponse.self).MessageId
    }
}
