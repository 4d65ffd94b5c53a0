import Testing

@testable import Gateway

@Suite("Local event queue")
struct LocalEventQueueTests {
    static let event = ObjectCreatedEvent(key: "uploads/abc", size: 42, etag: "\"e\"")

    @Test("A published event is delivered once and gone after acknowledgement")
    func deliverAndAcknowledge() async throws {
        let queue = LocalEventQueue()
        await queue.publish(Self.event)
        var iterator = queue.events().makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        #expect(delivery.event == Self.event)
        #expect(delivery.attempt == 1)
        #expect(await queue.inFlightCount == 1)
        try await delivery.acknowledge()
        #expect(await queue.inFlightCount == 0)
        #expect(await queue.pendingCount == 0)
    }

    @Test("A consumer waiting on an empty queue receives an event published later")
    func waitsForPublish() async throws {
        let queue = LocalEventQueue()
        async let received = { () async throws -> ObjectEventDelivery? in
            var iterator = queue.events().makeAsyncIterator()
            return try await iterator.next()
        }()
        try await Task.sleep(for: .milliseconds(50))
        await queue.publish(Self.event)
        let delivery = try #require(try await received)
        #expect(delivery.event.key == "uploads/abc")
    }

    @Test("A retried event comes back after its delay with the attempt count incremented")
    func retryAfterDelay() async throws {
        let queue = LocalEventQueue()
        await queue.publish(Self.event)
        var iterator = queue.events().makeAsyncIterator()
        let first = try #require(try await iterator.next())
        let clock = ContinuousClock()
        let start = clock.now
        try await first.retry(after: .milliseconds(150))
        #expect(await queue.pendingCount == 1)
        let second = try #require(try await iterator.next())
        #expect(clock.now - start >= .milliseconds(150))
        #expect(second.attempt == 2)
        #expect(second.event == Self.event)
    }

    @Test("Events are delivered in publish order and shared among consumers")
    func orderAndSharing() async throws {
        let queue = LocalEventQueue()
        for index in 0..<20 {
            await queue.publish(ObjectCreatedEvent(key: "uploads/\(index)", size: Int64(index), etag: nil))
        }
        await queue.finish()
        let keys = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<3 {
                group.addTask {
                    var seen: [String] = []
                    for try await delivery in queue.events() {
                        seen.append(delivery.event.key)
                        try await delivery.acknowledge()
                    }
                    return seen
                }
            }
            var all: [String] = []
            for try await part in group { all += part }
            return all
        }
        #expect(keys.count == 20)
        #expect(Set(keys).count == 20)
    }

    @Test("Cancelling the consuming task ends iteration")
    func cancellationEndsIteration() async throws {
        let queue = LocalEventQueue()
        let consumer = Task {
            var count = 0
            for try await _ in queue.events() { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(50))
        consumer.cancel()
        #expect(try await consumer.value == 0)
    }

    @Test("finish() ends iteration for a waiting consumer")
    func finishEndsIteration() async throws {
        let queue = LocalEventQueue()
        async let count = { () async throws -> Int in
            var count = 0
            for try await _ in queue.events() { count += 1 }
            return count
        }()
        try await Task.sleep(for: .milliseconds(50))
        await queue.finish()
        #expect(try await count == 0)
    }
}
