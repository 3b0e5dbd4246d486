import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage
import SwitchyardTesting
import Testing

@Suite(.timeLimit(.minutes(1))) struct RunChangeFeedTests {
    @Test func aSignalWakesAWaiterOnItsKeyOnly() async throws {
        let feed = RunChangeFeed()
        let token = feed.token()
        let woken = Task { await feed.wait(for: .run("a"), since: token, timeout: .seconds(30)) }
        while feed.waiting == 0 { await Task.yield() }
        feed.signal(.run("b"), .queue)
        #expect(feed.waiting == 1)  // another key: still waiting
        feed.signal(.run("a"))
        #expect(await woken.value == true)
        #expect(feed.waiting == 0)
    }

    @Test func aChangeAfterTheTokenReturnsAtOnce() async {
        let feed = RunChangeFeed()
        let token = feed.token()
        feed.signal(.queue)  // between the caller's read and its wait: not lost
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            #expect(await feed.wait(for: .queue, since: token, timeout: .seconds(30)) == true)
        }
        #expect(elapsed < .seconds(10))
        // A change before the token does not count.
        let later = feed.token()
        #expect(await feed.wait(for: .queue, since: later, timeout: .milliseconds(20)) == false)
    }

    @Test func forgottenChangesWakeRatherThanBeLost() async {
        let feed = RunChangeFeed(capacity: 2)
        let token = feed.token()
        feed.signal(.run("x"))
        feed.signal(.run("y"), .run("z"))  // over capacity: everything before is forgotten
        // "x" changed after the token, even though its entry is gone.
        #expect(await feed.wait(for: .run("x"), since: token, timeout: .seconds(30)) == true)
    }

    @Test func timeoutAndCancellationEndTheWait() async {
        let feed = RunChangeFeed()
        #expect(await feed.wait(for: .queue, since: feed.token(), timeout: .milliseconds(10)) == false)
        let task = Task { await feed.wait(for: .queue, since: feed.token(), timeout: .seconds(30)) }
        while feed.waiting == 0 { await Task.yield() }
        task.cancel()
        #expect(await task.value == false)
        #expect(feed.waiting == 0)
    }

    @Test func theSQLiteStoreSignalsSubmitsEventsAndCompletions() async throws {
        let store = try SQLiteStoreFixture.make()
        let feed = try #require(store.changes)
        try await Fixture.tenants(store, ["acme"])
        var token = feed.token()
        let run = try await Fixture.submit(store, "acme", id: "r1")
        #expect(await feed.wait(for: .queue, since: token, timeout: .milliseconds(1)) == true)
        token = feed.token()
        try await store.appendEvent(tenant: run.tenant, run: run.id, kind: "node.started", data: [:], now: Fixture.t0)
        #expect(await feed.wait(for: .run("r1"), since: token, timeout: .milliseconds(1)) == true)
        #expect(await feed.wait(for: .queue, since: token, timeout: .milliseconds(1)) == false)
        token = feed.token()
        _ = try await store.cancel(tenant: run.tenant, id: run.id, now: Fixture.t0)
        #expect(await feed.wait(for: .stop("r1"), since: token, timeout: .milliseconds(1)) == true)
    }
}

/// A fresh SQLite store in a temporary directory.
enum SQLiteStoreFixture {
    static func make() throws -> any RunStore {
        try SQLiteStore(directory: NSTemporaryDirectory() + "switchyard-feed-" + UUID().uuidString)
    }
}
