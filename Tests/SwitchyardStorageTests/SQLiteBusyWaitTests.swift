import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime
import Testing

@testable import SwitchyardStorage

/// A writer that finds the lock taken waits in short steps, and long enough: the store's and the checkpointer's
/// writers share one file.
@Suite struct SQLiteBusyWaitTests {
    @Test func theFirstWaitsAreShortAndTheyAddUpToTheLimit() {
        #expect(SQLiteBusyWait.schedule(0) == (.microseconds(25), .zero))
        #expect(SQLiteBusyWait.schedule(39).step == .microseconds(25))
        #expect(SQLiteBusyWait.schedule(40) == (.microseconds(250), .milliseconds(1)))
        #expect(SQLiteBusyWait.schedule(80) == (.milliseconds(5), .milliseconds(11)))
        var tries = 0
        while SQLiteBusyWait.schedule(tries).waited < SQLiteBusyWait.limit { tries += 1 }
        let total = SQLiteBusyWait.schedule(tries).waited
        #expect(total >= SQLiteBusyWait.limit && total < SQLiteBusyWait.limit + .milliseconds(5))
        for n in 1..<tries { #expect(SQLiteBusyWait.schedule(n).step >= SQLiteBusyWait.schedule(n - 1).step) }
    }

    /// Another connection holds the write lock for 200 ms; the store's write waits it out and lands.
    @Test(.timeLimit(.minutes(1))) func aWriteWaitsForAnotherConnectionsTransaction() async throws {
        let dir = NSTemporaryDirectory() + "switchyard-busy-" + UUID().uuidString
        let store = try SQLiteStore(directory: dir)
        let other = try DatabaseQueue(path: store.path)
        let held = AsyncStream<Void>.makeStream()
        let holder = Task.detached {
            try other.inDatabase { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                held.continuation.yield()
                Thread.sleep(forTimeInterval: 0.2)
                try db.execute(sql: "COMMIT")
            }
        }
        for await _ in held.stream { break }
        let usage = UsageRecord(
            key: "k", tenant: try TenantID("acme"), run: nil, node: nil, model: "m", promptTokens: 1,
            completionTokens: 1, costUSD: 0.5, cached: false, latencySeconds: 0,
            time: Date(timeIntervalSince1970: 1_800_000_000))
        try await store.recordUsage(usage)
        try await holder.value
        let spent = try await store.spend(
            tenant: try TenantID("acme"), since: Date(timeIntervalSince1970: 1_800_000_000).addingTimeInterval(-1))
        #expect(spent == 0.5)
    }
}
