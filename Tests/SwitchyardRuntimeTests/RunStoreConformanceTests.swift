import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage
import SwitchyardTesting
import Testing

/// Every ``RunStoreConformance`` case against every backend, each case its own test case.
@Suite struct RunStoreConformanceTests {
    @Test(arguments: RunStoreBackend.all, RunStoreConformance.Case.allCases.filter { !$0.isConcurrent })
    func contract(_ backend: RunStoreBackend, _ check: RunStoreConformance.Case) async throws {
        try await backend.conformance.run(check)
    }

    @Test(
        .timeLimit(.minutes(1)), arguments: RunStoreBackend.all,
        RunStoreConformance.Case.allCases.filter(\.isConcurrent))
    func concurrentContract(_ backend: RunStoreBackend, _ check: RunStoreConformance.Case) async throws {
        try await backend.conformance.run(check)
    }

    /// The suite fails where a store breaks the contract, its `#expect`s recording into the calling test: a factory
    /// that hands out a store already holding usage of tenant "acme" fails the spend case (expected here).
    @Test func aBrokenStoreFailsTheSuite() async throws {
        let seeded = RunStoreConformance(
            make: {
                let store = try SQLiteStore(directory: RunStoreBackend.temporaryDirectory())
                try await store.recordUsage(
                    UsageRecord(
                        key: "stale", tenant: Fixture.tenant("acme"), run: nil, node: nil, model: "m", promptTokens: 1,
                        completionTokens: 1, costUSD: 1, cached: false, latencySeconds: 0, time: Fixture.t0))
                return store
            },
            makeShared: { _ in [] })
        await withKnownIssue {
            try await seeded.run(.usageAndSpendAreSeparatedByTenant)
        }
    }
}
