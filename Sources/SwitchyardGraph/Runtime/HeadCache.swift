import Synchronization
import SwitchyardCore

/// The last few thread heads this graph wrote or loaded, so the next run on a thread does not rebuild its state
/// from storage. Entries are keyed by checkpoint id, which never changes meaning, so a stale entry is never
/// used: when another process advanced the thread, the stored head differs and the state is loaded again.
final class HeadCache<State: GraphState>: Sendable {
    struct Entry: Sendable {
        var checkpoint: CheckpointRecord
        var state: State
        var snapshots: SnapshotPolicy
        var lastUse: UInt64
    }

    private let entries = Mutex<(map: [String: Entry], clock: UInt64)>(([:], 0))
    let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    func get(tenant: TenantID, thread: String, checkpoint: String) -> Entry? {
        entries.withLock { store in
            let key = "\(tenant.rawValue)/\(thread)"
            guard var entry = store.map[key], entry.checkpoint.id == checkpoint else { return nil }
            store.clock += 1
            entry.lastUse = store.clock
            store.map[key] = entry
            return entry
        }
    }

    func put(tenant: TenantID, thread: String, checkpoint: CheckpointRecord, state: State, snapshots: SnapshotPolicy) {
        entries.withLock { store in
            store.clock += 1
            store.map["\(tenant.rawValue)/\(thread)"] = Entry(
                checkpoint: checkpoint, state: state, snapshots: snapshots, lastUse: store.clock)
            if store.map.count > capacity, let oldest = store.map.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                store.map.removeValue(forKey: oldest.key)
            }
        }
    }
}
