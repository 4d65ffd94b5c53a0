import NIOCore
import Testing

@testable import Clamd

@Suite("withDeadline")
struct DeadlineTests {
    @Test("An operation that finishes in time returns its value and leaves the channel open")
    func finishesInTime() async throws {
        let fake = try await FakeClamd(.silent)
        defer { fake.stop() }
        let timeout = ClamdError.readTimedOut(fake.address, after: .seconds(5))
        let value = try await withDeadline(.seconds(5), closing: fake.channel, orThrow: timeout) { 42 }
        #expect(value == 42)
        #expect(fake.channel.isActive)
    }

    @Test("An operation that overruns throws the timeout error and closes the channel")
    func overruns() async throws {
        let fake = try await FakeClamd(.silent)
        let timeout = ClamdError.readTimedOut(fake.address, after: .milliseconds(50))
        let start = ContinuousClock.now
        await #expect {
            try await withDeadline(.milliseconds(50), closing: fake.channel, orThrow: timeout) {
                try await Task.sleep(for: .seconds(30))
            }
        } throws: { ($0 as? ClamdError)?.code == "clamd.read_timeout" }
        #expect(ContinuousClock.now - start < .seconds(5))
        try await fake.channel.closeFuture.get()
    }

    @Test("The operation's own error wins over the deadline")
    func operationErrorPropagates() async throws {
        struct Boom: Error {}
        let fake = try await FakeClamd(.silent)
        defer { fake.stop() }
        let timeout = ClamdError.readTimedOut(fake.address, after: .seconds(5))
        await #expect(throws: Boom.self) {
            try await withDeadline(.seconds(5), closing: fake.channel, orThrow: timeout) { throw Boom() }
        }
    }
}
