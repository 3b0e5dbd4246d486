import Foundation
import SwitchyardRuntime

/// The contract every `RunStore` must keep, as a suite a backend's own test target runs: tenants, submission and
/// idempotency, the queue's leases and heartbeats, multitask strategies, fair scheduling, tenant isolation, events,
/// artifacts, usage and schedules. Switchyard's SQLite store runs it in `SwitchyardRuntimeTests`; a new backend
/// (PostgreSQL, or one of your own) runs the same cases.
///
/// Each case records its failures with Swift Testing's `#expect` and `#require` into the test that calls
/// ``run(_:)``, so run it from a parameterized test, one test case per ``Case``:
///
/// ```swift
/// import SwitchyardTesting
/// import Testing
///
/// let conformance = RunStoreConformance(
///     make: { try MyStore(url: freshDatabase()) },
///     makeShared: { count in
///         let url = freshDatabase()
///         return try (0..<count).map { _ in try MyStore(url: url) }
///     })
///
/// @Test(arguments: RunStoreConformance.Case.allCases.filter { !$0.isConcurrent })
/// func myStore(_ check: RunStoreConformance.Case) async throws { try await conformance.run(check) }
///
/// @Test(.timeLimit(.minutes(1)), arguments: RunStoreConformance.Case.allCases.filter(\.isConcurrent))
/// func myStoreConcurrently(_ check: RunStoreConformance.Case) async throws { try await conformance.run(check) }
/// ```
public struct RunStoreConformance: Sendable {
    typealias F = RunStoreFixture

    /// Opens a fresh, empty store (in a new location each call).
    let make: @Sendable () async throws -> any RunStore
    /// Opens `count` handles on one fresh store, as separate processes would (separate connections).
    let makeShared: @Sendable (_ count: Int) async throws -> [any RunStore]

    /// A suite for one backend.
    ///
    /// - Parameters:
    ///   - make: Opens a fresh, empty store; a case may call it more than once, and every call must give a new,
    ///     empty store.
    ///   - makeShared: Opens `count` handles on one fresh, empty store, each on its own connection (as workers in
    ///     separate processes have), for the cases where several claimers race. A backend without separate
    ///     connections returns the same store `count` times.
    public init(
        make: @escaping @Sendable () async throws -> any RunStore,
        makeShared: @escaping @Sendable (_ count: Int) async throws -> [any RunStore]
    ) {
        self.make = make
        self.makeShared = makeShared
    }

    /// One case of the contract; the name says what it checks. A struct with static members (not an enum), so a
    /// case added to the contract breaks no caller's `switch`.
    public struct Case: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        fileprivate enum ID: String, CaseIterable {
            case tenantsAreCreatedReadListedAndUpdated
            case duplicateAndUnknownTenantsAreRefused
            case submitQueuesARunOnItsOwnThread
            case submitRefusesUnknownTenantsAndTakenIDs
            case idempotencyKeyReturnsTheFirstRun
            case runsAreListedNewestFirstWithFiltersAndCursor
            case cancelStopsQueuedAndRunningRunsAndRefusesFinishedOnes
            case aCancelledRunWhoseWorkerDiedEndsCancelledNotResumed
            case claimLeasesRunsOldestFirst
            case anExpiredLeaseIsTakenOverAndTheOldWorkerLosesIt
            case aRenewedLeaseIsNeverTakenOverHoweverLongTheRunTakes
            case aLateHeartbeatKeepsALeaseNobodyTook
            case perTenantConcurrencyAndOneRunPerThreadAreRespected
            case resumeIsACompareAndSet
            case completeRecordsFailuresAndRefusesNonFinalStatuses
            case completeThenClaimHandsTheSlotToTheNextRun
            case rejectRefusesABusyThreadAndStoresNothing
            case enqueueWaitsBehindTheActiveRun
            case interruptStopsTheRunningRunAndContinuesTheThread
            case interruptCancelsAQueuedOrWaitingRunAtOnce
            case rollbackCancelsTheActiveRunAndAsksToDropTheThread
            case aRepeatedSubmitOnABusyThreadReturnsTheFirstRun
            case aFloodDoesNotHoldBackAnotherTenantsSingleRun
            case tierTwoGetsTwiceTierOnesShare
            case aNewlyActiveTenantNeitherStarvesOthersNorIsStarved
            case aResumedRunRejoinsTheQueueFairly
            case anotherTenantsRunIsNotFoundEverywhere
            case usageAndSpendAreSeparatedByTenant
            case eventsAreNumberedAndReadAfterACursor
            case batchedEventsAndArtifactsAreOneWriteAndStayTenantOwned
            case artifactsAreReplacedByName
            case usageIsRecordedOncePerKeyAndGrouped
            case schedulesAreSavedPausedAdvancedByCompareAndSetAndDeleted
            case aScheduleReadBackAdvancesFromItsOwnFractionalTime
            case concurrentResumesOfOneInterruptHaveExactlyOneWinner
            case workersOnSeparateConnectionsClaimEveryRunExactlyOnce
        }

        fileprivate let id: ID
        private init(_ id: ID) { self.id = id }

        public static let tenantsAreCreatedReadListedAndUpdated = Case(.tenantsAreCreatedReadListedAndUpdated)
        public static let duplicateAndUnknownTenantsAreRefused = Case(.duplicateAndUnknownTenantsAreRefused)
        public static let submitQueuesARunOnItsOwnThread = Case(.submitQueuesARunOnItsOwnThread)
        public static let submitRefusesUnknownTenantsAndTakenIDs = Case(.submitRefusesUnknownTenantsAndTakenIDs)
        public static let idempotencyKeyReturnsTheFirstRun = Case(.idempotencyKeyReturnsTheFirstRun)
        public static let runsAreListedNewestFirstWithFiltersAndCursor = Case(
            .runsAreListedNewestFirstWithFiltersAndCursor)
        public static let cancelStopsQueuedAndRunningRunsAndRefusesFinishedOnes = Case(
            .cancelStopsQueuedAndRunningRunsAndRefusesFinishedOnes)
        public static let aCancelledRunWhoseWorkerDiedEndsCancelledNotResumed = Case(
            .aCancelledRunWhoseWorkerDiedEndsCancelledNotResumed)
        public static let claimLeasesRunsOldestFirst = Case(.claimLeasesRunsOldestFirst)
        public static let anExpiredLeaseIsTakenOverAndTheOldWorkerLosesIt = Case(
            .anExpiredLeaseIsTakenOverAndTheOldWorkerLosesIt)
        public static let aRenewedLeaseIsNeverTakenOverHoweverLongTheRunTakes = Case(
            .aRenewedLeaseIsNeverTakenOverHoweverLongTheRunTakes)
        public static let aLateHeartbeatKeepsALeaseNobodyTook = Case(.aLateHeartbeatKeepsALeaseNobodyTook)
        public static let perTenantConcurrencyAndOneRunPerThreadAreRespected = Case(
            .perTenantConcurrencyAndOneRunPerThreadAreRespected)
        public static let resumeIsACompareAndSet = Case(.resumeIsACompareAndSet)
        public static let completeRecordsFailuresAndRefusesNonFinalStatuses = Case(
            .completeRecordsFailuresAndRefusesNonFinalStatuses)
        public static let completeThenClaimHandsTheSlotToTheNextRun = Case(
            .completeThenClaimHandsTheSlotToTheNextRun)
        public static let rejectRefusesABusyThreadAndStoresNothing = Case(.rejectRefusesABusyThreadAndStoresNothing)
        public static let enqueueWaitsBehindTheActiveRun = Case(.enqueueWaitsBehindTheActiveRun)
        public static let interruptStopsTheRunningRunAndContinuesTheThread = Case(
            .interruptStopsTheRunningRunAndContinuesTheThread)
        public static let interruptCancelsAQueuedOrWaitingRunAtOnce = Case(.interruptCancelsAQueuedOrWaitingRunAtOnce)
        public static let rollbackCancelsTheActiveRunAndAsksToDropTheThread = Case(
            .rollbackCancelsTheActiveRunAndAsksToDropTheThread)
        public static let aRepeatedSubmitOnABusyThreadReturnsTheFirstRun = Case(
            .aRepeatedSubmitOnABusyThreadReturnsTheFirstRun)
        public static let aFloodDoesNotHoldBackAnotherTenantsSingleRun = Case(
            .aFloodDoesNotHoldBackAnotherTenantsSingleRun)
        public static let tierTwoGetsTwiceTierOnesShare = Case(.tierTwoGetsTwiceTierOnesShare)
        public static let aNewlyActiveTenantNeitherStarvesOthersNorIsStarved = Case(
            .aNewlyActiveTenantNeitherStarvesOthersNorIsStarved)
        public static let aResumedRunRejoinsTheQueueFairly = Case(.aResumedRunRejoinsTheQueueFairly)
        public static let anotherTenantsRunIsNotFoundEverywhere = Case(.anotherTenantsRunIsNotFoundEverywhere)
        public static let usageAndSpendAreSeparatedByTenant = Case(.usageAndSpendAreSeparatedByTenant)
        public static let eventsAreNumberedAndReadAfterACursor = Case(.eventsAreNumberedAndReadAfterACursor)
        public static let batchedEventsAndArtifactsAreOneWriteAndStayTenantOwned = Case(
            .batchedEventsAndArtifactsAreOneWriteAndStayTenantOwned)
        public static let artifactsAreReplacedByName = Case(.artifactsAreReplacedByName)
        public static let usageIsRecordedOncePerKeyAndGrouped = Case(.usageIsRecordedOncePerKeyAndGrouped)
        public static let schedulesAreSavedPausedAdvancedByCompareAndSetAndDeleted = Case(
            .schedulesAreSavedPausedAdvancedByCompareAndSetAndDeleted)
        public static let aScheduleReadBackAdvancesFromItsOwnFractionalTime = Case(
            .aScheduleReadBackAdvancesFromItsOwnFractionalTime)
        public static let concurrentResumesOfOneInterruptHaveExactlyOneWinner = Case(
            .concurrentResumesOfOneInterruptHaveExactlyOneWinner)
        public static let workersOnSeparateConnectionsClaimEveryRunExactlyOnce = Case(
            .workersOnSeparateConnectionsClaimEveryRunExactlyOnce)

        /// Every case, in the contract's order.
        public static let allCases: [Case] = ID.allCases.map(Case.init)
        /// The case's name.
        public var description: String { id.rawValue }

        /// Whether the case runs several handles at once and polls: give its test a `.timeLimit`.
        public var isConcurrent: Bool {
            self == .concurrentResumesOfOneInterruptHaveExactlyOneWinner
                || self == .workersOnSeparateConnectionsClaimEveryRunExactlyOnce
        }
    }

    /// Runs one case against fresh stores from the factories, recording failures into the current test.
    ///
    /// - Parameter case: The case to run.
    /// - Throws: What the store throws where the case expects success, and the failure of a `#require`.
    public func run(_ case: Case) async throws {
        switch `case`.id {
        case .tenantsAreCreatedReadListedAndUpdated: try await tenantsAreCreatedReadListedAndUpdated()
        case .duplicateAndUnknownTenantsAreRefused: try await duplicateAndUnknownTenantsAreRefused()
        case .submitQueuesARunOnItsOwnThread: try await submitQueuesARunOnItsOwnThread()
        case .submitRefusesUnknownTenantsAndTakenIDs: try await submitRefusesUnknownTenantsAndTakenIDs()
        case .idempotencyKeyReturnsTheFirstRun: try await idempotencyKeyReturnsTheFirstRun()
        case .runsAreListedNewestFirstWithFiltersAndCursor: try await runsAreListedNewestFirstWithFiltersAndCursor()
        case .cancelStopsQueuedAndRunningRunsAndRefusesFinishedOnes:
            try await cancelStopsQueuedAndRunningRunsAndRefusesFinishedOnes()
        case .aCancelledRunWhoseWorkerDiedEndsCancelledNotResumed:
            try await aCancelledRunWhoseWorkerDiedEndsCancelledNotResumed()
        case .claimLeasesRunsOldestFirst: try await claimLeasesRunsOldestFirst()
        case .anExpiredLeaseIsTakenOverAndTheOldWorkerLosesIt:
            try await anExpiredLeaseIsTakenOverAndTheOldWorkerLosesIt()
        case .aRenewedLeaseIsNeverTakenOverHoweverLongTheRunTakes:
            try await aRenewedLeaseIsNeverTakenOverHoweverLongTheRunTakes()
        case .aLateHeartbeatKeepsALeaseNobodyTook: try await aLateHeartbeatKeepsALeaseNobodyTook()
        case .perTenantConcurrencyAndOneRunPerThreadAreRespected:
            try await perTenantConcurrencyAndOneRunPerThreadAreRespected()
        case .resumeIsACompareAndSet: try await resumeIsACompareAndSet()
        case .completeRecordsFailuresAndRefusesNonFinalStatuses:
            try await completeRecordsFailuresAndRefusesNonFinalStatuses()
        case .completeThenClaimHandsTheSlotToTheNextRun: try await completeThenClaimHandsTheSlotToTheNextRun()
        case .rejectRefusesABusyThreadAndStoresNothing: try await rejectRefusesABusyThreadAndStoresNothing()
        case .enqueueWaitsBehindTheActiveRun: try await enqueueWaitsBehindTheActiveRun()
        case .interruptStopsTheRunningRunAndContinuesTheThread:
            try await interruptStopsTheRunningRunAndContinuesTheThread()
        case .interruptCancelsAQueuedOrWaitingRunAtOnce: try await interruptCancelsAQueuedOrWaitingRunAtOnce()
        case .rollbackCancelsTheActiveRunAndAsksToDropTheThread:
            try await rollbackCancelsTheActiveRunAndAsksToDropTheThread()
        case .aRepeatedSubmitOnABusyThreadReturnsTheFirstRun: try await aRepeatedSubmitOnABusyThreadReturnsTheFirstRun()
        case .aFloodDoesNotHoldBackAnotherTenantsSingleRun: try await aFloodDoesNotHoldBackAnotherTenantsSingleRun()
        case .tierTwoGetsTwiceTierOnesShare: try await tierTwoGetsTwiceTierOnesShare()
        case .aNewlyActiveTenantNeitherStarvesOthersNorIsStarved:
            try await aNewlyActiveTenantNeitherStarvesOthersNorIsStarved()
        case .aResumedRunRejoinsTheQueueFairly: try await aResumedRunRejoinsTheQueueFairly()
        case .anotherTenantsRunIsNotFoundEverywhere: try await anotherTenantsRunIsNotFoundEverywhere()
        case .usageAndSpendAreSeparatedByTenant: try await usageAndSpendAreSeparatedByTenant()
        case .eventsAreNumberedAndReadAfterACursor: try await eventsAreNumberedAndReadAfterACursor()
        case .batchedEventsAndArtifactsAreOneWriteAndStayTenantOwned:
            try await batchedEventsAndArtifactsAreOneWriteAndStayTenantOwned()
        case .artifactsAreReplacedByName: try await artifactsAreReplacedByName()
        case .usageIsRecordedOncePerKeyAndGrouped: try await usageIsRecordedOncePerKeyAndGrouped()
        case .schedulesAreSavedPausedAdvancedByCompareAndSetAndDeleted:
            try await schedulesAreSavedPausedAdvancedByCompareAndSetAndDeleted()
        case .aScheduleReadBackAdvancesFromItsOwnFractionalTime:
            try await aScheduleReadBackAdvancesFromItsOwnFractionalTime()
        case .concurrentResumesOfOneInterruptHaveExactlyOneWinner:
            try await concurrentResumesOfOneInterruptHaveExactlyOneWinner()
        case .workersOnSeparateConnectionsClaimEveryRunExactlyOnce:
            try await workersOnSeparateConnectionsClaimEveryRunExactlyOnce()
        }
    }
}
