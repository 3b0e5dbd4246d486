import Foundation
import GRDB
import Synchronization
import SwitchyardCore

/// Group commit for the store's hot writes (a run's events, its completion, usage): writes that arrive while a
/// transaction is being committed wait, and then all go in the next transaction, each in a savepoint of its own.
///
/// With `synchronous=FULL` every commit is an fsync; four workers each writing a step's events would otherwise
/// pay four. A caller still resumes only after the transaction holding its write is committed, so what it wrote
/// is as durable as a write of its own would have been; a write that throws is rolled back alone (its savepoint)
/// and the others commit. The same idea as the checkpointer's ``SQLiteWriter``, on GRDB's writer connection.
final class SQLiteGroupWrite: Sendable {
    private struct Job: Sendable {
        let run: @Sendable (Database) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var jobs: [Job] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())

    /// - Parameter pool: The pool whose writer connection runs the transactions.
    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `work` in the next group transaction and returns its result once that transaction is committed.
    ///
    /// - Parameter work: The write; it runs in its own savepoint, so if it throws, none of its changes stay.
    /// - Returns: What `work` returned.
    /// - Throws: What `work` threw, or the commit's error.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = Mutex<T?>(nil)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    let value = try work(db)
                    result.withLock { $0 = value }
                },
                finish: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else {
                        continuation.resume(returning: result.withLock { $0! })
                    }
                })
            let start = state.withLock { state in
                state.jobs.append(job)
                defer { state.draining = true }
                return !state.draining
            }
            if start { Task.detached { await self.drain() } }
        }
    }

    /// Commits the queued jobs in transactions until none are left.
    private func drain() async {
        while true {
            let jobs = state.withLock { state -> [Job] in
                let taken = state.jobs
                state.jobs.removeAll(keepingCapacity: true)
                if taken.isEmpty { state.draining = false }
                return taken
            }
            if jobs.isEmpty { return }
            let outcomes: [(any Error)?]
            do {
                outcomes = try await pool.writeWithoutTransaction { db in try Self.commit(jobs, in: db) }.value
            } catch {
                // The transaction itself failed (BEGIN or COMMIT): nothing of it stayed.
                outcomes = Array(repeating: error, count: jobs.count)
            }
            for (job, outcome) in zip(jobs, outcomes) { job.finish(outcome) }
        }
    }

    /// Runs `jobs` in one transaction, each in a savepoint; returns each job's error (`nil`: its work stays).
    private static func commit(_ jobs: [Job], in db: Database) throws -> UncheckedBox<[(any Error)?]> {
        var failed = [(any Error)?](repeating: nil, count: jobs.count)
        try db.inTransaction(.immediate) {
            for (index, job) in jobs.enumerated() {
                do {
                    try db.inSavepoint {
                        try job.run(db)
                        return .commit
                    }
                } catch {
                    failed[index] = error
                }
            }
            return .commit
        }
        return UncheckedBox(failed)
    }
}
