import Dispatch
import Foundation
import GRDB
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
///
/// Three refinements keep the per-commit cost low:
/// - A batch first runs its jobs without savepoints. A job that fails *before changing a row* (a lost
///   compare-and-set, the common failure) needs no undo; only a job that fails after changing rows makes the writer
///   roll the batch back and run it again with a savepoint per job, so the failed job is undone alone.
/// - With fsync per commit, when more than one run is writing (the batch just committed had several commits, or
///   others were queued meanwhile), the writer waits a little (half the last commit's duration, 2 ms at most) for
///   the runs it just released to send their next commit, so that concurrent runs share one fsync instead of
///   splitting into groups that alternate (PostgreSQL's `commit_delay`, MySQL's binary-log group-commit delay;
///   here decided from the last batch and the queue, so a lone run never waits).
/// - A lone writer skips the queue: with `inlineWhenLone`, when the writer is idle and its writes come one at a time
///   (its last two batches were one write each, or its last inline write had nothing queued behind it: one run
///   writing alone), the next write runs as a batch of one in the caller's thread, fsync included, instead of
///   hopping to the writer's thread and back (two thread wake-ups per step). As soon as writes queue up behind one
///   (several runs), the writer goes back to batching them on its queue.
final class SQLiteWriter: Sendable {
    /// A queued write: `run` does the SQL inside the batch transaction; `finish` is told, after the batch's
    /// commit (or rollback), whether the job's work is durable (`nil`) or failed (the error).
    struct Job: Sendable {
        let run: @Sendable (SQLiteConnection) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    /// Counters for tests and the benchmark: batches are transactions, jobs are writes; `inline` batches ran in
    /// the caller's thread.
    struct Stats: Sendable, Equatable {
        var batches = 0
        var jobs = 0
        var largestBatch = 0
        var inline = 0
    }

    private struct Queue {
        var jobs: [Job] = []
        var draining = false
        var stats = Stats()
        /// While the writer gathers a batch: the queue length that wakes it early.
        var gatherTarget: Int?
        /// Whether the writer looks lone (see `inlineWhenLone`): its last two batches were one write each, and no write
        /// queued behind the last one run inline.
        var lone = true
        /// The size of the last batch (2 for an inline write that others queued behind).
        var lastBatch = 1
    }

    private let connection: UncheckedBox<SQLiteConnection>
    /// When set, the connection is this pool's writer connection (borrowed): batches run inside the pool's
    /// `writeWithoutTransaction`, so the store's GRDB writes and these raw writes share one connection, one queue
    /// and one transaction per batch (one writer per file: no lock hand-offs between two connections).
    private let pool: DatabasePool?
    /// The pool's `Database` while a batch runs in it (for ``writeDatabase(_:)`` jobs); used on the writer only.
    private let database = UncheckedBox<Database?>(nil)
    private let queue: DispatchQueue
    private let waiting = Mutex(Queue())
    /// Signalled by `enqueue` when the queue reaches the gather target.
    private let gathered = DispatchSemaphore(value: 0)
    /// Whether a write may run in the caller's thread when the writer is idle.
    private let inlineWhenIdle: Bool
    /// Whether a write may run in the caller's thread when the writer is idle and its last batch was lone.
    private let inlineWhenLone: Bool
    /// Whether the writer waits briefly after a batch to gather the next one (worth it when commits fsync).
    private let gathers: Bool
    /// Folds the WAL into the database off the commit path (replaces SQLite's automatic checkpoint).
    let backfill: SQLiteWALBackfill?

    /// - Parameters:
    ///   - inlineWhenIdle: run a write in the caller's thread when no other write is queued or running (saves two
    ///     thread hops); meant for commits that do not fsync.
    ///   - inlineWhenLone: run a write in the caller's thread when the writer is idle and its writes come one at a
    ///     time (a lone run; see above); meant for commits that fsync: a lone run waits for its
    ///     fsync anyway, so holding its thread costs nothing, while concurrent runs (whose writes queue up behind
    ///     each other) keep batching on the writer's queue, where a cooperative thread is never held for a disk
    ///     flush (measured: writing every idle-time fsynced commit inline shrank the batches of concurrent runs).
    ///   - gathers: after a batch of several commits, wait briefly for the next batch to fill (see above); meant
    ///     for commits that fsync.
    ///   - backfill: when given, WAL checkpoints run in the background instead of inside a commit.
    ///   - pool: when given, `connection` borrows this pool's writer connection and batches run inside the pool's
    ///     writer (see ``pool``).
    init(
        connection: SQLiteConnection, label: String, inlineWhenIdle: Bool, inlineWhenLone: Bool = false,
        gathers: Bool, backfill: SQLiteWALBackfill? = nil, pool: DatabasePool? = nil
    ) {
        self.connection = UncheckedBox(connection)
        self.pool = pool
        self.queue = DispatchQueue(label: label, qos: .userInitiated)
        self.inlineWhenIdle = inlineWhenIdle
        self.inlineWhenLone = inlineWhenLone
        self.gathers = gathers
        self.backfill = backfill
        if let pool {
            pool.writeWithoutTransaction { _ in backfill?.install(on: connection) }
        } else {
            backfill?.install(on: connection)
        }
    }

    /// A writer on `pool`'s own writer connection: one writer for the whole file.
    /// - Parameters:
    ///   - pool: The store's pool; its writer connection runs every batch.
    ///   - path: The database file (for error messages and the background WAL checkpoint).
    ///   - label: The writer queue's label.
    ///   - inlineWhenIdle: As in ``init(connection:label:inlineWhenIdle:inlineWhenLone:gathers:backfill:pool:)``.
    ///   - inlineWhenLone: As there.
    ///   - gathers: As there.
    ///   - backfill: As there.
    /// - Throws: `store_open_failed` when the pool has no open writer connection.
    convenience init(
        pool: DatabasePool, path: String, label: String, inlineWhenIdle: Bool, inlineWhenLone: Bool = false,
        gathers: Bool, backfill: SQLiteWALBackfill? = nil
    ) throws {
        let handle = try pool.writeWithoutTransaction { db -> OpaquePointer in
            guard let handle = db.sqliteConnection else {
                throw SwitchyardError(code: .storeOpenFailed, message: "the database \(path) is closed")
            }
            return handle
        }
        self.init(
            connection: SQLiteConnection(borrowing: handle, path: path), label: label, inlineWhenIdle: inlineWhenIdle,
            inlineWhenLone: inlineWhenLone, gathers: gathers, backfill: backfill, pool: pool)
    }

    deinit {
        hosted { _ in
            backfill?.uninstall(from: connection.value)
            // A borrowed handle outlives this writer: its statements go now, while the pool (held here) is open.
            connection.value.finalizeStatements()
        }
        backfill?.close()
    }

    /// Runs `body` where the connection may be used: inside the pool's writer when there is one (with its
    /// `Database` for ``writeDatabase(_:)`` jobs), else directly.
    private func hosted<T>(_ body: (SQLiteConnection) throws -> T) rethrows -> T {
        guard let pool else { return try body(connection.value) }
        return try pool.writeWithoutTransaction { db in
            database.value = db
            defer { database.value = nil }
            return try body(connection.value)
        }
    }

    var stats: Stats { waiting.withLock { $0.stats } }

    /// Runs `work` in the next batch and returns its result once the batch is committed.
    func write<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        if inlineWhenIdle || inlineWhenLone, let result = try writeInline(work) { return result.value }
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

    /// Runs `work` with the store's GRDB `Database` in the next batch and returns its result once the batch is
    /// committed: the store's writes go in the same transactions as the checkpoints.
    /// - Parameter work: The write; it must not open or end transactions (it runs inside the batch's).
    /// - Returns: What `work` returned.
    /// - Throws: What `work` threw, or the commit's error.
    func writeDatabase<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        precondition(pool != nil, "writeDatabase needs a writer on a DatabasePool")
        let database = self.database
        return try await write { _ in try work(database.value!) }
    }

    /// When no write is queued or running (and, unless `inlineWhenIdle`, the writer looks lone), runs `work` as a
    /// batch of one in the caller's thread (the `draining` flag makes it the connection's only user meanwhile);
    /// `nil` when busy. Writes queued while it ran are handed to the queue afterwards.
    private func writeInline<T>(_ work: (SQLiteConnection) throws -> T) throws -> UncheckedBox<T>? {
        let idle = waiting.withLock { state in
            guard !state.draining, inlineWhenIdle || state.lone else { return false }
            state.draining = true
            state.stats.batches += 1
            state.stats.jobs += 1
            state.stats.inline += 1
            state.stats.largestBatch = max(state.stats.largestBatch, 1)
            return true
        }
        guard idle else { return nil }
        defer {
            let more = waiting.withLock { state in
                if state.jobs.isEmpty { state.draining = false }
                state.lone = state.jobs.isEmpty
                state.lastBatch = state.jobs.isEmpty ? 1 : 2
                return !state.jobs.isEmpty
            }
            if more { queue.async { self.drain() } }
        }
        return try hosted { db in
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
    }

    /// Queues `job` behind every job queued before it and returns at once; `job.finish` is told the outcome.
    func enqueue(_ job: Job) {
        let (start, wake) = waiting.withLock { state in
            state.jobs.append(job)
            var wake = false
            if let target = state.gatherTarget, state.jobs.count >= target {
                state.gatherTarget = nil
                wake = true
            }
            defer { state.draining = true }
            return (!state.draining, wake)
        }
        if wake { gathered.signal() }
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        let clock = ContinuousClock()
        while true {
            let jobs = waiting.withLock { state -> [Job] in
                guard !state.jobs.isEmpty else {
                    state.draining = false
                    return []
                }
                let taken = state.jobs
                state.jobs.removeAll(keepingCapacity: true)
                // Two batches of one in a row: one writer (several would have queued up behind each other, or been
                // gathered into one batch). A lone run's next write may reach the queue before this loop has seen
                // it empty, so one queued batch of one after another does not make the writer look busy.
                state.lone = taken.count == 1 && state.lastBatch == 1
                state.lastBatch = taken.count
                state.stats.batches += 1
                state.stats.jobs += taken.count
                state.stats.largestBatch = max(state.stats.largestBatch, taken.count)
                return taken
            }
            if jobs.isEmpty { return }
            let started = clock.now
            run(jobs)
            if gathers { gather(released: jobs.count, after: clock.now - started) }
        }
    }

    /// After a batch of `released` commits that took `duration` (fsync included), waits until those runs' next
    /// commits have joined the ones already queued, or until half of `duration` (at most 2 ms) has passed. A lone
    /// run (one commit released, none queued) does not wait.
    private func gather(released: Int, after duration: Duration) {
        let limit = min(duration / 2, .milliseconds(2))
        let armed = waiting.withLock { state -> Bool in
            guard state.jobs.count + released > 1 else { return false }
            state.gatherTarget = state.jobs.count + released
            return true
        }
        guard armed else { return }
        let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
        if gathered.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut {
            // Disarm; if `enqueue` signalled in the meantime, take that signal so the next wait starts clean.
            let signalled = waiting.withLock { state -> Bool in
                defer { state.gatherTarget = nil }
                return state.gatherTarget == nil
            }
            if signalled { gathered.wait() }
        }
    }

    private func run(_ jobs: [Job]) {
        hosted { db in run(jobs, on: db) }
    }

    private func run(_ jobs: [Job], on db: SQLiteConnection) {
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
        } else if !runWithoutSavepoints(jobs, on: db, outcomes: &outcomes) {
            // A job failed after changing rows: undo the batch and run it again, each job in a savepoint.
            outcomes.removeAll(keepingCapacity: true)
            do {
                try db.statement("ROLLBACK").run()
                try db.statement("BEGIN IMMEDIATE").run()
                try runWithSavepoints(jobs, on: db, outcomes: &outcomes)
            } catch {
                try? db.statement("ROLLBACK").run()
                for job in jobs { job.finish(error) }
                return
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

    /// Runs the jobs in the open transaction; `false` as soon as one fails after changing rows (SQLite undid its
    /// failing statement, but not the job's earlier ones). A job that fails without changing a row is recorded
    /// as failed and the batch goes on.
    private func runWithoutSavepoints(_ jobs: [Job], on db: SQLiteConnection, outcomes: inout [(any Error)?]) -> Bool {
        for job in jobs {
            let before = db.totalChanges
            do {
                try job.run(db)
                outcomes.append(nil)
            } catch {
                guard db.totalChanges == before else { return false }
                outcomes.append(error)
            }
        }
        return true
    }

    /// Runs each job in its own savepoint, so a failing job is rolled back alone.
    /// - Throws: when the savepoint statements themselves fail (the batch is then given up).
    private func runWithSavepoints(_ jobs: [Job], on db: SQLiteConnection, outcomes: inout [(any Error)?]) throws {
        for job in jobs {
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
        }
    }
}

/// Holds a non-`Sendable` value that one serial executor owns; the owner guarantees exclusive use.
final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
