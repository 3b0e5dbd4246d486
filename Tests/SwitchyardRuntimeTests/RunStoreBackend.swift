import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage
import SwitchyardTesting
import Testing

/// The `RunStore` backends under test. PostgreSQL joins this list when its store lands; every
/// ``RunStoreConformance`` case runs against each (`RunStoreConformanceTests`).
struct RunStoreBackend: CustomTestStringConvertible, Sendable {
    let name: String
    let conformance: RunStoreConformance
    var testDescription: String { name }

    static let all: [RunStoreBackend] = [
        RunStoreBackend(
            name: "sqlite",
            conformance: RunStoreConformance(
                make: { try SQLiteStore(directory: temporaryDirectory()) },
                makeShared: { count in
                    let directory = temporaryDirectory()
                    return try (0..<count).map { _ in try SQLiteStore(directory: directory) }
                }))
    ]

    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "switchyard-runstore-" + UUID().uuidString
    }
}

/// Fixed times and small builders shared by the store tests (the conformance suite's own).
typealias Fixture = RunStoreFixture

/// The code of the `SwitchyardError` `body` throws, or `nil` when it throws nothing (or another error).
func errorCode(_ body: () async throws -> Void) async -> SwitchyardError.Code? {
    await RunStoreFixture.errorCode(body)
}
