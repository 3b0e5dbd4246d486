import Foundation
import SwitchyardCore
import SwitchyardRuntime

/// Follows a run's events for a stream: each call to ``next(keepAlive:)`` returns the next page of events, waiting
/// (woken by the store's change feed, else polling) while there is none, and `nil` once the run has finished or
/// stopped for a person and every event was returned.
struct RunEventTail {
    let store: any RunStore
    let tenant: TenantID
    let run: String
    /// The sequence number of the last event returned.
    private(set) var after: Int
    /// The run's status when the last page was read.
    private(set) var status: RunStatus = .queued
    /// How long a stream may stay silent before `keepAlive` is called.
    var keepAliveInterval: Duration = .seconds(15)

    init(store: any RunStore, tenant: TenantID, run: String, after: Int) {
        self.store = store
        self.tenant = tenant
        self.run = run
        self.after = after
    }

    /// The next page of events, or `nil` when the stream is complete.
    /// - Parameter keepAlive: called each time the run stays silent for ``keepAliveInterval``.
    /// - Throws: the store's errors; `CancellationError` when the request goes away.
    mutating func next(keepAlive: () async throws -> Void) async throws -> [RunEvent]? {
        var quiet = ContinuousClock.now
        while true {
            let token = store.changeToken()
            // Status first, then events: events are written before the status changes, so a final status read
            // before an empty page means the stream is complete.
            status = try await store.run(tenant: tenant, id: run)?.status ?? .cancelled
            let page = try await store.events(tenant: tenant, run: run, after: after, limit: 500)
            if let last = page.last {
                after = last.seq
                return page
            }
            if status.isFinal || status == .interrupted { return nil }
            if ContinuousClock.now - quiet > keepAliveInterval {
                try await keepAlive()
                quiet = ContinuousClock.now
            }
            try await store.waitForChange(.run(run), since: token, timeout: .seconds(1), poll: .milliseconds(50))
        }
    }
}
