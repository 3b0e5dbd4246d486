import Dispatch
import GRDBSQLite
import Synchronization

/// Folds the write-ahead log into the database file off the commit path.
///
/// SQLite's automatic WAL checkpoint runs inside the commit that crosses 1,000 WAL frames: that commit copies the
/// frames into the database file and fsyncs it (twice with `synchronous=NORMAL`: the WAL, then the file), so one
/// step in a few hundred stalls for milliseconds. The writer connection here has that automatic checkpoint
/// replaced by a WAL hook that asks this object to run a `PASSIVE` checkpoint on its own connection and queue,
/// while commits go on. A passive checkpoint never blocks the writer or readers; the writer restarts the WAL from
/// its beginning once everything is folded in; under a steady stream of commits that moment comes when the WAL
/// reaches `inlineFrames` and the writer folds the rest inline, as SQLite would (by then the background has folded
/// most frames, so the stall is one database fsync per 4,000 frames instead of two fsyncs per 1,000).
final class SQLiteWALBackfill: Sendable {
    /// WAL frames after which a background checkpoint is asked for (SQLite's own default threshold).
    static let backgroundFrames: Int32 = 1000
    /// WAL frames after which the writer checkpoints inline. A passive checkpoint folds frames while the writer
    /// appends more, and SQLite restarts the WAL only when everything in it is folded, so under a steady stream of
    /// commits the WAL grows until this inline checkpoint (cheap by then: the background folded most frames).
    static let inlineFrames: Int32 = 4000

    private let path: String
    private let queue: DispatchQueue
    private let scheduled = Atomic<Bool>(false)
    /// The checkpoint connection, opened on first use; used on `queue` only.
    private let connection = Mutex<UncheckedBox<SQLiteConnection>?>(nil)
    private let folds = Atomic<Int>(0)

    init(path: String, label: String) {
        self.path = path
        self.queue = DispatchQueue(label: label, qos: .utility)
    }

    /// Background checkpoints run so far (for tests).
    var backgroundFolds: Int { folds.load(ordering: .relaxed) }

    /// Replaces the automatic checkpoint of `writer` with this object's; `self` is retained until ``uninstall(from:)``.
    func install(on writer: SQLiteConnection) {
        let context = Unmanaged.passRetained(self).toOpaque()
        _ = sqlite3_wal_hook(
            writer.handle,
            { context, db, _, frames in
                if frames >= SQLiteWALBackfill.inlineFrames {
                    // Far behind: fold now, on the writer, as SQLite's automatic checkpoint would.
                    _ = sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                } else if frames >= SQLiteWALBackfill.backgroundFrames, let context {
                    Unmanaged<SQLiteWALBackfill>.fromOpaque(context).takeUnretainedValue().schedule()
                }
                return SQLITE_OK
            }, context)
    }

    /// Removes the hook that ``install(on:)`` set and releases the reference it held.
    func uninstall(from writer: SQLiteConnection) {
        let previous = sqlite3_wal_hook(writer.handle, nil, nil)
        if let previous { Unmanaged<SQLiteWALBackfill>.fromOpaque(previous).release() }
    }

    /// Queues one background checkpoint unless one is already queued.
    func schedule() {
        guard !scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { self.fold() }
    }

    /// Waits until the checkpoints queued so far have run (tests).
    func waitUntilIdle() { queue.sync {} }

    private func fold() {
        scheduled.store(false, ordering: .releasing)
        let box = connection.withLock { box -> UncheckedBox<SQLiteConnection>? in
            if box == nil { box = (try? SQLiteConnection(path: path, create: false)).map(UncheckedBox.init) }
            return box
        }
        guard let db = box?.value else { return }
        // Best effort: SQLITE_BUSY (another checkpoint running) leaves the frames for the next one.
        _ = sqlite3_wal_checkpoint_v2(db.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        folds.add(1, ordering: .relaxed)
    }
}
