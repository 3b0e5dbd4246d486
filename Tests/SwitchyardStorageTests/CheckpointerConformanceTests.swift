import Foundation
import GRDB
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage
import SwitchyardTesting
import Testing

/// A backend under test. PostgreSQL joins this list when its store lands; every case runs against each.
struct Backend: CustomTestStringConvertible, Sendable {
    let name: String
    let make: @Sendable () throws -> any Checkpointer
    var testDescription: String { name }

    static let all: [Backend] = [
        Backend(name: "sqlite") {
            try SQLiteStore(directory: NSTemporaryDirectory() + "switchyard-conf-" + UUID().uuidString)
        },
        Backend(name: "sqlite-checkpointer") {
            let dir = NSTemporaryDirectory() + "switchyard-conf-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return try SQLiteCheckpointer(path: dir + "/graph.sqlite", durableCommits: true)
        },
        Backend(name: "memory") { InMemoryCheckpointer() },
    ]
}

/// Every ``CheckpointerConformance`` case (SwitchyardTesting) against every backend, each its own test case.
@Suite struct CheckpointerConformanceTests {
    @Test(arguments: Backend.all, CheckpointerConformance.Case.allCases)
    func contract(_ backend: Backend, _ check: CheckpointerConformance.Case) async throws {
        try await CheckpointerConformance(make: backend.make).run(check)
    }

    /// The suite fails where a checkpointer breaks the contract: one that is not fresh (a thread already committed)
    /// fails the first case, and the failure is recorded into this test, where it is expected.
    @Test func aCheckpointerThatIsNotFreshFailsTheSuite() async throws {
        let shared = InMemoryCheckpointer()
        let conformance = CheckpointerConformance { shared }
        try await conformance.run(.commitCreatesAndAdvancesAThread)
        await withKnownIssue {
            try await conformance.run(.commitCreatesAndAdvancesAThread)
        }
    }
}

extension SwitchyardError {
    static func code(of error: any Error) -> SwitchyardError.Code? { (error as? SwitchyardError)?.code }
}

@Suite struct SQLiteOpenTests {
    func tempDir() -> String { NSTemporaryDirectory() + "switchyard-open-" + UUID().uuidString }

    @Test func foreignSQLiteDatabaseIsRefusedUntouched() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/switchyard.sqlite"
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "CREATE TABLE notes(x); INSERT INTO notes VALUES (1)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { try SQLiteStore(directory: dir) } throws: { SwitchyardError.code(of: $0) == .foreignDatabase }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func nonDatabaseFileIsRefusedUntouched() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/switchyard.sqlite"
        let junk = Data((0..<4096).map { UInt8($0 % 251) })
        try junk.write(to: URL(fileURLWithPath: path))
        #expect { try SQLiteStore(directory: dir) } throws: { SwitchyardError.code(of: $0) == .foreignDatabase }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }

    @Test func missingDirectoryIsCreatedOnlyWhenAsked() throws {
        let dir = tempDir()
        #expect { try SQLiteStore(directory: dir, options: .init(createDirectory: false)) } throws: {
            SwitchyardError.code(of: $0) == .dataDirMissing
        }
        #expect(!FileManager.default.fileExists(atPath: dir))
        _ = try SQLiteStore(directory: dir)
        #expect(FileManager.default.fileExists(atPath: dir + "/switchyard.sqlite"))
        #expect { try SQLiteStore(directory: tempDir() + "/no/parent") } throws: {
            SwitchyardError.code(of: $0) == .dataDirUnwritable
        }
    }

    @Test func readOnlyDirectoryIsRefused() throws {
        // /proc is read-only even for root, which CI runs as.
        #expect { try SQLiteStore(directory: "/proc") } throws: { SwitchyardError.code(of: $0) == .dataDirReadOnly }
    }

    @Test func reopeningKeepsData() async throws {
        let dir = tempDir()
        let tenant = try TenantID("t")
        try await SQLiteStore(directory: dir).commit(
            StepCommit(
                tenant: tenant, thread: "x", graph: "g", expectedHead: nil,
                checkpoint: CheckpointRecord(
                    id: "c0", parentID: nil, step: 0, snapshot: Data("{}".utf8), delta: nil, next: [],
                    metadata: CheckpointMetadata(source: "input")), status: .completed))
        #expect(try await SQLiteStore(directory: dir).thread(tenant: tenant, id: "x")?.status == .completed)
    }
}

@Suite struct SQLiteDurabilityTests {
    @Test func durableCommitsReallyFsync() throws {
        let dir = NSTemporaryDirectory() + "switchyard-sync-" + UUID().uuidString
        #expect(try SQLiteStore(directory: dir).synchronousMode() == 1)
        #expect(try SQLiteStore(directory: dir, options: .init(durableCommits: true)).synchronousMode() == 2)
    }
}
