/// Decides when a checkpoint stores the whole state instead of the step's writes.
///
/// A snapshot is taken once the deltas written since the last one add up to at least the last snapshot's size
/// (and at least `minimumBytes`), or the chain of deltas since it reaches `max(256, lastSnapshotBytes / 256)`
/// entries (so a big state with tiny deltas is still rebuilt quickly, at ≤ 256 bytes per step). For a state that grows by
/// appending, snapshots then happen each time the state doubles: all snapshots together stay below twice the
/// final size, storage is linear in the number of steps, and rebuilding a state replays at most one
/// snapshot's worth of deltas.
struct SnapshotPolicy: Sendable {
    static let minimumBytes = 4096

    var lastSnapshotBytes: Int
    var deltaBytesSince: Int
    var chainLength: Int

    static func afterSnapshot(of bytes: Int) -> SnapshotPolicy {
        SnapshotPolicy(lastSnapshotBytes: bytes, deltaBytesSince: 0, chainLength: 0)
    }

    func shouldSnapshot(adding deltaBytes: Int) -> Bool {
        deltaBytesSince + deltaBytes >= max(Self.minimumBytes, lastSnapshotBytes)
            || chainLength + 1 >= max(256, lastSnapshotBytes / 256)
    }

    mutating func recordDelta(_ bytes: Int) {
        deltaBytesSince += bytes
        chainLength += 1
    }
}
