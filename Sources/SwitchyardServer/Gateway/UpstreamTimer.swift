import SwitchyardModelAPI
import Synchronization
import SwitchyardModels

/// Adds up the time a request spends waiting on providers, so the server can report its own overhead
/// (total time minus upstream time) in `x-switchyard-overhead-ms`. The handler binds one per request with
/// ``current``; ``TimedProviderClient`` adds to it.
final class UpstreamTimer: Sendable {
    @TaskLocal static var current: UpstreamTimer?
    private let total = Mutex(Duration.zero)

    var elapsed: Duration { total.withLock { $0 } }

    func add(_ duration: Duration) { total.withLock { $0 += duration } }
}

/// A provider client that times each call into the request's ``UpstreamTimer``.
struct TimedProviderClient: ProviderClient {
    let base: any ProviderClient
    var kind: String { base.kind }

    func send(_ request: ChatRequest) async throws -> ProviderReply {
        let start = ContinuousClock.now
        defer { UpstreamTimer.current?.add(ContinuousClock.now - start) }
        return try await base.send(request)
    }

    /// Streams pass straight through (their time is not split out yet).
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        base.stream(request)
    }
}
