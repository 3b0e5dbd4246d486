import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage
import SwitchyardTesting
import Testing

/// Workers in separate processes sharing one data dir (as `switchyard worker` twice on one machine).
@Suite struct CrossProcessClaimTests {
    @Test(.timeLimit(.minutes(1))) func twoProcessesClaimEveryRunExactlyOnce() async throws {
        let directory = RunStoreBackend.temporaryDirectory()
        let store = try SQLiteStore(directory: directory)
        let names = ["acme", "globex", "initech"]
        try await Fixture.tenants(store, names, maxConcurrent: 4)
        for i in 0..<120 {
            _ = try await store.submit(
                Fixture.submission(names[i % names.count], thread: "thread-\(i % 30)", multitask: .enqueue),
                id: "run-\(i)", now: Date())
        }
        await withTaskGroup(of: Void.self) { group in
            for worker in ["worker-a", "worker-b"] {
                group.addTask {
                    await #expect(processExitsWith: .success) {
                        [directory = directory as String, worker = worker as String] in
                        try await Self.work(directory: directory, worker: worker)
                    }
                }
            }
        }
        var claimedBy: [String: Int] = [:]
        for name in names {
            let runs = try await store.runs(tenant: Fixture.tenant(name), filter: RunFilter(limit: 1000))
            #expect(runs.count == 40)
            for run in runs {
                #expect(run.status == .succeeded && run.attempts == 1, "\(run.id): \(run.status), \(run.attempts)")
                claimedBy[run.output?.stringValue ?? "?", default: 0] += 1
            }
        }
        #expect(claimedBy.values.reduce(0, +) == 120 && claimedBy["?"] == nil, "\(claimedBy)")
    }

    /// A worker process: claims and completes until the queue stays empty.
    static func work(directory: String, worker: String) async throws {
        let store = try SQLiteStore(directory: directory, options: .init(createDirectory: false))
        var idle = 0
        while idle < 50 {
            let runs = try await store.claim(worker: worker, limit: 2, lease: .seconds(600), now: Date())
            if runs.isEmpty {
                idle += 1
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            idle = 0
            for run in runs {
                _ = try await store.complete(
                    RunCompletion(tenant: run.tenant, run: run.id, status: .succeeded, output: .string(worker)),
                    worker: worker, now: Date())
            }
        }
    }
}
