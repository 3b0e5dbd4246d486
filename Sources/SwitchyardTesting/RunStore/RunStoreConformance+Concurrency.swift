import Foundation
import SwitchyardCore
import SwitchyardRuntime
import Testing

extension RunStoreConformance {
    func concurrentResumesOfOneInterruptHaveExactlyOneWinner() async throws {
        let handles = try await makeShared(4)
        let store = handles[0]
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        for round in 0..<10 {
            let id = "run-\(round)"
            try await F.submit(store, "acme", id: id, at: F.at(Double(round)))
            _ = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(Double(round)))
            _ = try await store.complete(
                RunCompletion(tenant: acme, run: id, status: .interrupted, interrupt: "approve?"), worker: "w",
                now: F.at(Double(round)))
            let outcomes = await withTaskGroup(of: SwitchyardError.Code?.self) { group in
                for (i, handle) in handles.enumerated() {
                    group.addTask {
                        await F.errorCode {
                            _ = try await handle.resume(tenant: acme, id: id, value: .int(i), now: F.at(Double(round)))
                        }
                    }
                }
                return await group.reduce(into: [SwitchyardError.Code?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1, "round \(round): \(outcomes)")
            #expect(outcomes.filter { $0 == .runNotInterrupted }.count == handles.count - 1)
            let run = try #require(try await store.run(tenant: acme, id: id))
            #expect(run.status == .queued && run.resume != nil)
            // Finish it so the next round's claim takes the new run.
            _ = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(Double(round)))
            _ = try await store.complete(
                RunCompletion(tenant: acme, run: id, status: .succeeded), worker: "w", now: F.at(Double(round)))
        }
    }

    func workersOnSeparateConnectionsClaimEveryRunExactlyOnce() async throws {
        let handles = try await makeShared(4)
        let store = handles[0]
        let names = ["t0", "t1", "t2", "t3", "t4"]
        try await F.tenants(store, names, maxConcurrent: 3)
        var expected: Set<String> = []
        for i in 0..<150 {
            let tenant = names[i % names.count]
            // Some runs share threads (enqueue), so the one-run-per-thread rule is exercised under contention.
            let id = "run-\(i)"
            _ = try await store.submit(
                F.submission(tenant, thread: "thread-\(i % 40)", multitask: .enqueue), id: id, now: F.at(Double(i)))
            expected.insert(id)
        }
        let claims = try await withThrowingTaskGroup(of: [String].self) { group in
            for (w, handle) in handles.enumerated() {
                group.addTask {
                    var mine: [String] = []
                    var idle = 0
                    while idle < 20 {
                        let runs = try await handle.claim(
                            worker: "w\(w)", limit: 2, lease: .seconds(600), now: F.at(200))
                        if runs.isEmpty {
                            idle += 1
                            try await Task.sleep(for: .milliseconds(2))
                            continue
                        }
                        idle = 0
                        for run in runs {
                            mine.append(run.id)
                            _ = try await handle.complete(
                                RunCompletion(tenant: run.tenant, run: run.id, status: .succeeded), worker: "w\(w)",
                                now: F.at(200))
                        }
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(claims.count == expected.count, "claimed \(claims.count) times for \(expected.count) runs")
        #expect(Set(claims) == expected)
        for name in names {
            for run in try await store.runs(tenant: F.tenant(name), filter: RunFilter(limit: 1000)) {
                #expect(run.status == .succeeded && run.attempts == 1, "\(run.id): \(run.status), \(run.attempts)")
            }
        }
    }
}
