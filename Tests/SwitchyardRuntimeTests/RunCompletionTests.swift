import Foundation
import SwitchyardCore
import SwitchyardStorage
import SwitchyardTesting
import Testing

@testable import SwitchyardRuntime

/// A run ends in one transaction: its last events, its artifacts and its status together; and it starts with its
/// `run.created` event in the submit's transaction.
@Suite(.timeLimit(.minutes(1))) struct RunCompletionTests {
    @Test func submitWritesRunCreatedAndCompleteWritesEventsArtifactsAndStatusTogether() async throws {
        let store = try SQLiteStoreFixture.make()
        try await Fixture.tenants(store, ["acme"])
        let acme = Fixture.tenant("acme")
        var submission = Fixture.submission("acme")
        submission.createdEvent = ["workflow": "agency"]
        let run = try await store.submit(submission, id: "r1", now: Fixture.t0).run
        let created = try await store.events(tenant: acme, run: "r1", after: 0, limit: 10)
        #expect(created.map(\.kind) == ["run.created"])
        #expect(created.first?.data["run_id"] == "r1" && created.first?.data["thread_id"] == .string(run.thread))

        _ = try await store.claim(worker: "w1", limit: 1, lease: Fixture.lease, now: Fixture.at(1))
        let completion = RunCompletion(
            tenant: acme, run: "r1", status: .succeeded, output: ["answer": "42"],
            events: [.init(kind: "node.end", data: ["node": "a"]), .init(kind: "run.succeeded", data: [:])],
            artifacts: [Artifact(run: "r1", name: "answer", value: "42")])
        // Another worker's completion changes nothing: no event, no artifact, no status.
        #expect(
            await errorCode { _ = try await store.complete(completion, worker: "w2", now: Fixture.at(2)) }
                == .leaseLost)
        #expect(try await store.events(tenant: acme, run: "r1", after: 1, limit: 10).isEmpty)
        #expect(try await store.artifacts(tenant: acme, run: "r1").isEmpty)

        let ended = try await store.complete(completion, worker: "w1", now: Fixture.at(2))
        #expect(ended.status == .succeeded)
        let events = try await store.events(tenant: acme, run: "r1", after: 0, limit: 10)
        #expect(events.map(\.kind) == ["run.created", "node.end", "run.succeeded"])
        #expect(events.map(\.seq) == [1, 2, 3])
        #expect(try await store.artifacts(tenant: acme, run: "r1").map(\.name) == ["answer"])
    }

    @Test func aCompletionsArtifactForAnotherTenantsRunIsRefusedWhole() async throws {
        let store = try SQLiteStoreFixture.make()
        try await Fixture.tenants(store, ["acme", "globex"])
        try await Fixture.submit(store, "acme", id: "mine")
        try await Fixture.submit(store, "globex", id: "theirs")
        _ = try await store.claim(worker: "w1", limit: 2, lease: Fixture.lease, now: Fixture.at(1))
        let completion = RunCompletion(
            tenant: Fixture.tenant("acme"), run: "mine", status: .succeeded,
            events: [.init(kind: "run.succeeded", data: [:])],
            artifacts: [Artifact(run: "theirs", name: "planted", value: "x")])
        #expect(
            await errorCode { _ = try await store.complete(completion, worker: "w1", now: Fixture.at(2)) }
                == .runNotFound)
        // Nothing of it landed: the run still runs, no event, no artifact on either run.
        #expect(try await store.run(tenant: Fixture.tenant("acme"), id: "mine")?.status == .running)
        #expect(try await store.events(tenant: Fixture.tenant("acme"), run: "mine", after: 0, limit: 10).isEmpty)
        #expect(try await store.artifacts(tenant: Fixture.tenant("globex"), run: "theirs").isEmpty)
    }
}
