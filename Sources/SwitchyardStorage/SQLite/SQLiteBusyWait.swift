import Foundation

/// How a connection waits for another one's write lock: short sleeps first, up to about 10 seconds in all.
///
/// Within one process the store has one writer connection (the checkpointer's writes go through the pool's), but
/// worker processes share a data dir, and a standalone checkpointer may share a file, so one writer regularly finds
/// another's transaction in progress. SQLite's built-in
/// busy timeout sleeps 1, 2, 5, 10, 15 … 100 ms between tries (`sqliteDefaultBusyCallback`,
/// https://sqlite.org/c3ref/busy_timeout.html), while a WAL commit here holds the lock for tens of microseconds
/// (`synchronous=NORMAL`) or one fsync (a few hundred): the loser of a collision slept far longer than it waited.
/// These steps follow the holder's transaction instead: 25 µs for the first millisecond, then 250 µs for the next
/// ten, then 5 ms.
enum SQLiteBusyWait {
    /// How long a connection waits for the lock in all before SQLite returns `SQLITE_BUSY`.
    static let limit: Duration = .seconds(10)

    /// Sleeps before try `tries` + 1 and returns `true`, or returns `false` once the waits add up to ``limit``.
    ///
    /// - Parameter tries: How many times SQLite has already found the lock taken for this statement (from 0).
    /// - Returns: Whether SQLite should try again.
    static func retry(after tries: Int) -> Bool {
        let (step, waited) = schedule(tries)
        guard waited < limit else { return false }
        usleep(UInt32(step / .microseconds(1)))
        return true
    }

    /// The sleep before try `tries` + 1 and the time slept before it, both from the schedule alone.
    ///
    /// - Parameter tries: How many tries have failed so far.
    /// - Returns: The next sleep and the sum of the earlier ones.
    static func schedule(_ tries: Int) -> (step: Duration, waited: Duration) {
        let short = 40  // 40 × 25 µs = 1 ms
        let medium = 40  // 40 × 250 µs = 10 ms
        if tries < short { return (.microseconds(25), .microseconds(25) * tries) }
        if tries < short + medium {
            return (.microseconds(250), .milliseconds(1) + .microseconds(250) * (tries - short))
        }
        return (.milliseconds(5), .milliseconds(11) + .milliseconds(5) * (tries - short - medium))
    }
}
