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
///
/// With fsync per commit (`background: false`) there is no background checkpoint: its fsyncs of the WAL and the
/// database file would compete with the commits' own WAL fsyncs, which each step waits for; the writer only folds
/// inline at `inlineFrames` (about one commit in 700 of a 10-node graph's).
final class SQLiteWALBackfill: Sendable {
    /// WAL frames after which a background checkpoint is asked for, and again after each further as many (SQLite's
    /// own default threshold), so that each one folds many frames (a page written by many commits is copied once)
    /// with one fsync of the database file.
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
    /// The WAL size (frames) at which the next background checkpoint is asked for; read and set by the WAL hook
    /// only, on the writer.
    private let nextFold = Atomic<Int32>(SQLiteWALBackfill.backgroundFrames)
    /// Whether checkpoints run in the background from `backgroundFrames` on; when not, only inline ones run.
    let background: Bool

    /// - Parameters:
    ///   - path: The database file.
    ///   - label: The background queue's label.
    ///   - background: Whether to fold in the background (meant for commits that do not fsync; see above).
    init(path: String, label: String, background: Bool = true) {
        self.path = path
        self.queue = DispatchQueue(label: label, qos: .utility)
        self.background = background
    }

    /// Background checkpoints so far that folded at least one frame into the database file (for tests).
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
                } else if let context {
                    Unmanaged<SQLiteWALBackfill>.fromOpaque(context).takeUnretainedValue().committed(frames: frames)
                }
                return SQLITE_OK
            }, context)
    }

    /// Removes the hook that ``install(on:)`` set and releases the reference it held.
    func uninstall(from writer: SQLiteConnection) {
        let previous = sqlite3_wal_hook(writer.handle, nil, nil)
        if let previous { Unmanaged<SQLiteWALBackfill>.fromOpaque(previous).release() }
    }

    /// After a commit that left `frames` frames in the WAL: asks for a background checkpoint each time the WAL has
    /// grown by `backgroundFrames` frames since the last one was asked for (or since it restarted).
    private func committed(frames: Int32) {
        guard background else { return }
        var due = nextFold.load(ordering: .relaxed)
        if frames < due - Self.backgroundFrames { due = Self.backgroundFrames }  // the WAL restarted since
        guard frames >= due else {
            nextFold.store(due, ordering: .relaxed)
            return
        }
        nextFold.store(frames + Self.backgroundFrames, ordering: .relaxed)
        schedule()
    }

    /// Queues one background checkpoint unless one is already queued.
    func schedule() {
        guard !scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { self.fold() }
    }

    /// Waits for a queued checkpoint, then closes the checkpoint connection, so that the last connection to close
    /// folds the WAL and deletes it as usual. Call after ``uninstall(from:)`` (no new checkpoint is queued then).
    func close() {
        queue.sync { connection.withLock { $0 = nil } }
    }

    private func fold() {
        scheduled.store(false, ordering: .releasing)
        let box = connection.withLock { box -> UncheckedBox<SQLiteConnection>? in
            if box == nil, let db = try? SQLiteConnection(path: path, create: false) {
                // A connection that has not read the database yet has not opened its WAL either, and a checkpoint
                // on it does nothing (returns SQLITE_OK, folds no frame): one read first opens the WAL.
                _ = try? db.integer("SELECT count(*) FROM sqlite_master")
                box = UncheckedBox(db)
            }
            return box
        }
        guard let db = box?.value else { return }
        // Best effort: SQLITE_BUSY (another checkpoint running) leaves the frames for the next one.
        var folded: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(db.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, &folded)
        if rc == SQLITE_OK && folded > 0 { folds.add(1, ordering: .relaxed) }
    }
}
