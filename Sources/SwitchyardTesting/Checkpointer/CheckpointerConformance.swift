import Foundation
import SwitchyardCore
import SwitchyardGraph

/// The contract every `Checkpointer` must keep, as a suite a backend's own test target runs: commits that create
/// and advance a thread, compare-and-set on the head, snapshot chains, pending writes, status changes and tenant
/// isolation. Switchyard's SQLite store, `SQLiteCheckpointer` and `InMemoryCheckpointer` run it in
/// `SwitchyardStorageTests`.
///
/// Each case records its failures with Swift Testing's `#expect` and `#require` into the test that calls
/// ``run(_:)``; run it from a parameterized test, one test case per ``Case``:
///
/// ```swift
/// @Test(arguments: CheckpointerConformance.Case.allCases)
/// func myCheckpointer(_ check: CheckpointerConformance.Case) async throws {
///     try await CheckpointerConformance { try await MyCheckpointer(url: freshDatabase()) }.run(check)
/// }
/// ```
public struct CheckpointerConformance: Sendable {
    let make: @Sendable () async throws -> any Checkpointer
    let a = try! TenantID("tenant-a")
    let b = try! TenantID("tenant-b")

    /// A suite for one backend.
    ///
    /// - Parameter make: Opens a fresh, empty checkpointer; every call must give a new, empty one.
    public init(make: @escaping @Sendable () async throws -> any Checkpointer) {
        self.make = make
    }

    /// One case of the contract; the name says what it checks. A struct with static members (not an enum), so a
    /// case added to the contract breaks no caller's `switch`.
    public struct Case: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        fileprivate enum ID: String, CaseIterable {
            case commitCreatesAndAdvancesAThread
            case staleHeadIsAConflictThatChangesNothing
            case chainStopsAtTheNearestSnapshot
            case pendingRecordsAreReplacedAndDroppedOnCommit
            case tenantsNeverSeeEachOthersThreads
            case statusChangesOnlyAtTheExpectedHead
        }

        fileprivate let id: ID
        private init(_ id: ID) { self.id = id }

        public static let commitCreatesAndAdvancesAThread = Case(.commitCreatesAndAdvancesAThread)
        public static let staleHeadIsAConflictThatChangesNothing = Case(.staleHeadIsAConflictThatChangesNothing)
        public static let chainStopsAtTheNearestSnapshot = Case(.chainStopsAtTheNearestSnapshot)
        public static let pendingRecordsAreReplacedAndDroppedOnCommit = Case(
            .pendingRecordsAreReplacedAndDroppedOnCommit)
        public static let tenantsNeverSeeEachOthersThreads = Case(.tenantsNeverSeeEachOthersThreads)
        public static let statusChangesOnlyAtTheExpectedHead = Case(.statusChangesOnlyAtTheExpectedHead)

        /// Every case, in the contract's order.
        public static let allCases: [Case] = ID.allCases.map(Case.init)
        /// The case's name.
        public var description: String { id.rawValue }
    }

    /// Runs one case against a fresh checkpointer, recording failures into the current test.
    ///
    /// - Parameter case: The case to run.
    /// - Throws: What the checkpointer throws where the case expects success, and the failure of a `#require`.
    public func run(_ case: Case) async throws {
        switch `case`.id {
        case .commitCreatesAndAdvancesAThread: try await commitCreatesAndAdvancesAThread()
        case .staleHeadIsAConflictThatChangesNothing: try await staleHeadIsAConflictThatChangesNothing()
        case .chainStopsAtTheNearestSnapshot: try await chainStopsAtTheNearestSnapshot()
        case .pendingRecordsAreReplacedAndDroppedOnCommit: try await pendingRecordsAreReplacedAndDroppedOnCommit()
        case .tenantsNeverSeeEachOthersThreads: try await tenantsNeverSeeEachOthersThreads()
        case .statusChangesOnlyAtTheExpectedHead: try await statusChangesOnlyAtTheExpectedHead()
        }
    }
}
