import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage
import Testing

/// A `RunStore` backend under test. PostgreSQL joins this list when its store lands; every conformance case runs
/// against each.
struct RunStoreBackend: CustomTestStringConvertible, Sendable {
    let name: String
    /// Opens a fresh, empty store (in a new location).
    let make: @Sendable () throws -> any RunStore
    /// Opens `count` separate handles on one fresh store (separate connections, as separate processes have).
    let makeShared: @Sendable (_ count: Int) throws -> [any RunStore]
    var testDescription: String { name }

    static let all: [RunStoreBackend] = [
        RunStoreBackend(
            name: "sqlite",
            make: { try SQLiteStore(directory: temporaryDirectory()) },
            makeShared: { count in
                let directory = temporaryDirectory()
                return try (0..<count).map { _ in try SQLiteStore(directory: directory) }
            })
    ]

    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "switchyard-runstore-" + UUID().uuidString
    }
}

/// Fixed times and small builders shared by the store tests.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let lease = Duration.seconds(30)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func tenant(_ name: String) -> TenantID { try! TenantID(name) }

    /// Creates tenants `names` with the given tier and a high concurrency limit.
    static func tenants(
        _ store: any RunStore, _ names: [String], tier: Int = 1, maxConcurrent: Int = 10_000
    ) async throws {
        for name in names {
            try await store.createTenant(
                TenantRecord(id: tenant(name), tier: tier, maxConcurrentRuns: maxConcurrent, created: t0))
        }
    }

    static func submission(
        _ tenant: String, thread: String? = nil, input: JSONValue = ["q": "hello"],
        multitask: MultitaskStrategy = .reject, key: String? = nil, workflow: String = "agency"
    ) -> RunSubmission {
        RunSubmission(
            tenant: Fixture.tenant(tenant), workflow: workflow, thread: thread, input: input, multitask: multitask,
            idempotencyKey: key)
    }

    /// Submits and returns the run.
    @discardableResult
    static func submit(
        _ store: any RunStore, _ tenant: String, id: String, thread: String? = nil, at time: Date = t0,
        multitask: MultitaskStrategy = .reject
    ) async throws -> RunRecord {
        try await store.submit(submission(tenant, thread: thread, multitask: multitask), id: id, now: time).run
    }
}

/// The code of the `SwitchyardError` `body` throws, or `nil` when it throws nothing (or another error).
func errorCode(_ body: () async throws -> Void) async -> SwitchyardError.Code? {
    do {
        try await body()
        return nil
    } catch let error as SwitchyardError {
        return error.code
    } catch {
        return nil
    }
}

/// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): a small seeded generator for reproducible tests; failures print
/// the seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
