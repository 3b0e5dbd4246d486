import Foundation
import SwitchyardCore
import SwitchyardRuntime

/// Fixed times and small builders the ``RunStoreConformance`` cases share (and Switchyard's own runtime tests, hence
/// `package`).
package enum RunStoreFixture {
    /// The cases' clock origin: 2027-01-15 08:00 UTC.
    package static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    /// The lease every case claims with.
    package static let lease = Duration.seconds(30)

    /// `t0` plus `seconds`.
    package static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// A tenant id from a name known to be valid.
    package static func tenant(_ name: String) -> TenantID { try! TenantID(name) }

    /// Creates tenants `names` with the given tier and a high concurrency limit.
    package static func tenants(
        _ store: any RunStore, _ names: [String], tier: Int = 1, maxConcurrent: Int = 10_000
    ) async throws {
        for name in names {
            try await store.createTenant(
                TenantRecord(id: tenant(name), tier: tier, maxConcurrentRuns: maxConcurrent, created: t0))
        }
    }

    /// A submission of `workflow` for `tenant`.
    package static func submission(
        _ tenant: String, thread: String? = nil, input: JSONValue = ["q": "hello"],
        multitask: MultitaskStrategy = .reject, key: String? = nil, workflow: String = "agency"
    ) -> RunSubmission {
        RunSubmission(
            tenant: Self.tenant(tenant), workflow: workflow, thread: thread, input: input, multitask: multitask,
            idempotencyKey: key)
    }

    /// Submits and returns the run.
    @discardableResult
    package static func submit(
        _ store: any RunStore, _ tenant: String, id: String, thread: String? = nil, at time: Date = t0,
        multitask: MultitaskStrategy = .reject
    ) async throws -> RunRecord {
        try await store.submit(submission(tenant, thread: thread, multitask: multitask), id: id, now: time).run
    }

    /// The code of the `SwitchyardError` `body` throws, or `nil` when it throws nothing (or another error).
    package static func errorCode(_ body: () async throws -> Void) async -> SwitchyardError.Code? {
        do {
            try await body()
            return nil
        } catch let error as SwitchyardError {
            return error.code
        } catch {
            return nil
        }
    }
}
