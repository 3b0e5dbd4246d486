import Dispatch
import Foundation
import Synchronization
import SwitchyardCore

/// The one writer connection of a ``SQLiteCheckpointer``, on its own serial queue, with group commit.
///
/// Writes are queued as jobs. The queue drains everything waiting into **one transaction**: each job runs in its
/// own savepoint (a job that fails — a compare-and-set conflict, say — is rolled back alone and the others
/// stay), then one `COMMIT`, so with `synchronous=FULL` one fsync makes a whole batch durable. Each caller
/// resumes only after that commit, so a step is durable before its run continues. While a batch is being
/// committed new jobs queue up and form the next batch: the more runs write at once, the more steps share an
/// fsync. (The idea is the classic group commit of database logs; see e.g. Gray & Reuter, *Transaction
/// Processing*, §9.4.)
final class SQLiteWriter: Sendable {
    /// A queued write: `run` does the SQL inside the batch transaction; `finish` is told, after the batch's
    /// commit (or rollback), whether the job's work is durable (`nil`) or failed (the error).
    struct Job: Sendable {
        let run: @Sendable (SQLiteConnection) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    /// Counters for tests and the benchmark: batches are transactions, jobs are writes.
    struct Stats: Sendable, Equatable {
        var batches = 0
        var jobs = 0
        var largestBatch = 0
    }

    private struct Queue {
        var jobs: [Job] = []
        var draining = false
        var stats = Stats()
    }

    private let connection: UncheckedBox<SQLiteConnection>
    private let queue: DispatchQueue
    private let waiting = Mutex(Queue())
    /// Whether a write may run in the caller's thread when the writer is idle: only when commits do not fsync,
    /// so a cooperative thread is never held for a disk flush.
    private let inlineWhenIdle: Bool

    /// - Parameter inlineWhenIdle: run a write in the caller's thread when no other write is queued or running
    ///   (saves two thread hops); meant for commits that do not fsync.
    init(connection: SQLiteConnection, label: String, inlineWhenIdle: Bool) {
        self.connection = UncheckedBox(connection)
        self.queue = DispatchQueue(label: label, qos: .userInitiated)
        self.inlineWhenIdle = inlineWhenIdle
    }

    var stats: Stats { waiting.withLock { $0.stats } }

    /// Runs `work` in the next batch and returns its result once the batch is committed.
    func write<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        if inlineWhenIdle, let result = try writeInline(work) { return result.value }
        let box = UncheckedBox<T?>(nil)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(
                Job(
                    run: { box.value = try work($0) },
                    finish: { error in
                        if let error {
                            continuation.resume(throwing: error)
                        } else {
                            continuation.resume(returning: box.value!)
                        }
                    }))
        }
    }

    /// When no write is queued or running, runs `work` as a batch of one in the caller's thread (the `draining`
    /// flag makes it the connection's only user meanwhile); `nil` when busy. Writes queued while it ran are
    /// handed to the queue afterwards.
    private func writeInline<T>(_ work: (SQLiteConnection) throws -> T) throws -> UncheckedBox<T>? {
        let idle = waiting.withLock { state in
            guard !state.draining else { return false }
            state.draining = true
            state.stats.batches += 1
            state.stats.jobs += 1
            state.stats.largestBatch = max(state.stats.largestBatch, 1)
            return true
        }
        guard idle else { return nil }
        defer {
            let more = waiting.withLock { state in
                if state.jobs.isEmpty { state.draining = false }
                return !state.jobs.isEmpty
            }
            if more { queue.async { self.drain() } }
        }
        let db = connection.value
        try db.statement("BEGIN IMMEDIATE").run()
        let value: T
        do {
            value = try work(db)
            try db.statement("COMMIT").run()
        } catch {
            try? db.statement("ROLLBACK").run()
            throw error
        }
        return UncheckedBox(value)
    }

    private func enqueue(_ job: Job) {
        let start = waiting.withLock { state in
            state.jobs.append(job)
            defer { state.draining = true }
            return !state.draining
        }
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            let jobs = waiting.withLock { state -> [Job] in
                guard !state.jobs.isEmpty else {
                    state.draining = false
                    return []
                }
                let taken = state.jobs
                state.jobs.removeAll(keepingCapacity: true)
                state.stats.batches += 1
                state.stats.jobs += taken.count
                state.stats.largestBatch = max(state.stats.largestBatch, taken.count)
                return taken
            }
            if jobs.isEmpty { return }
            run(jobs)
        }
    }

    private func run(_ jobs: [Job]) {
        let db = connection.value
        do {
            try db.statement("BEGIN IMMEDIATE").run()
        } catch {
            for job in jobs { job.finish(error) }
            return
        }
        var outcomes: [(any Error)?] = []
        outcomes.reserveCapacity(jobs.count)
        if jobs.count == 1 {
            do {
                try jobs[0].run(db)
                outcomes.append(nil)
            } catch {
                try? db.statement("ROLLBACK").run()
                jobs[0].finish(error)
                return
            }
        } else {
            for job in jobs {
                do {
                    try db.statement("SAVEPOINT job").run()
                    do {
                        try job.run(db)
                        try db.statement("RELEASE job").run()
                        outcomes.append(nil)
                    } catch {
                        try db.statement("ROLLBACK TO job").run()
                        try db.statement("RELEASE job").run()
                        outcomes.append(error)
                    }
                } catch {
                    // The savepoint machinery itself failed: give up on the whole batch.
                    try? db.statement("ROLLBACK").run()
                    for job in jobs { job.finish(error) }
                    return
                }
            }
        }
        do {
            try db.statement("COMMIT").run()
        } catch {
            try? db.statement("ROLLBACK").run()
            for job in jobs { job.finish(error) }
            return
        }
        for (job, outcome) in zip(jobs, outcomes) { job.finish(outcome) }
    }
}

/// Holds a non-`Sendable` value that one serial executor owns; the owner guarantees exclusive use.
final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
