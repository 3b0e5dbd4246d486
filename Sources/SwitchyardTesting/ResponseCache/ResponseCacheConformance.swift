import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// The contract every `ResponseCacheStore` must keep, isolation first, as a suite a backend's own test target runs:
/// exact entries round-trip and expire, semantic candidates are filtered by fingerprint and expiry, invalidation
/// drops what was grounded on changed documents, and no tenant reads another's entries. Switchyard's SQLite store
/// and `InMemoryResponseCache` run it in `SwitchyardStorageTests`.
///
/// Each case records its failures with Swift Testing's `#expect` into the test that calls ``run(_:)``; run it from
/// a parameterized test, one test case per ``Case``:
///
/// ```swift
/// @Test(arguments: ResponseCacheConformance.Case.allCases)
/// func myCache(_ check: ResponseCacheConformance.Case) async throws {
///     try await ResponseCacheConformance { try await MyCache(url: freshDatabase()) }.run(check)
/// }
/// ```
public struct ResponseCacheConformance: Sendable {
    let make: @Sendable () async throws -> any ResponseCacheStore
    let a = try! TenantID("tenant-a")
    let b = try! TenantID("tenant-b")
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var later: Date { now.addingTimeInterval(3600) }

    /// A suite for one backend.
    ///
    /// - Parameter make: Opens a fresh, empty cache store; every call must give a new, empty one.
    public init(make: @escaping @Sendable () async throws -> any ResponseCacheStore) {
        self.make = make
    }

    /// One case of the contract; the name says what it checks. A struct with static members (not an enum), so a
    /// case added to the contract breaks no caller's `switch`.
    public struct Case: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        fileprivate enum ID: String, CaseIterable {
            case exactEntriesRoundTripAndExpire
            case anotherTenantCannotReadExactEntries
            case semanticEntriesAreFilteredByFingerprintAndExpiry
            case anotherTenantCannotReadSemanticEntries
            case invalidationDropsEntriesGroundedOnChangedDocuments
        }

        fileprivate let id: ID
        private init(_ id: ID) { self.id = id }

        public static let exactEntriesRoundTripAndExpire = Case(.exactEntriesRoundTripAndExpire)
        public static let anotherTenantCannotReadExactEntries = Case(.anotherTenantCannotReadExactEntries)
        public static let semanticEntriesAreFilteredByFingerprintAndExpiry = Case(
            .semanticEntriesAreFilteredByFingerprintAndExpiry)
        public static let anotherTenantCannotReadSemanticEntries = Case(.anotherTenantCannotReadSemanticEntries)
        public static let invalidationDropsEntriesGroundedOnChangedDocuments = Case(
            .invalidationDropsEntriesGroundedOnChangedDocuments)

        /// Every case, in the contract's order.
        public static let allCases: [Case] = ID.allCases.map(Case.init)
        /// The case's name.
        public var description: String { id.rawValue }
    }

    /// Runs one case against a fresh cache store, recording failures into the current test.
    ///
    /// - Parameter case: The case to run.
    /// - Throws: What the store throws where the case expects success.
    public func run(_ case: Case) async throws {
        switch `case`.id {
        case .exactEntriesRoundTripAndExpire: try await exactEntriesRoundTripAndExpire()
        case .anotherTenantCannotReadExactEntries: try await anotherTenantCannotReadExactEntries()
        case .semanticEntriesAreFilteredByFingerprintAndExpiry:
            try await semanticEntriesAreFilteredByFingerprintAndExpiry()
        case .anotherTenantCannotReadSemanticEntries: try await anotherTenantCannotReadSemanticEntries()
        case .invalidationDropsEntriesGroundedOnChangedDocuments:
            try await invalidationDropsEntriesGroundedOnChangedDocuments()
        }
    }
}
