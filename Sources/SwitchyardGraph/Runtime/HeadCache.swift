import Synchronization
import SwitchyardCore

/// The last few thread heads (`capacity` to twice that) this graph wrote or loaded, so the next run on a thread does not rebuild its state
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

    /// Removes and returns the entry when it is at `checkpoint`.
    func take(tenant: TenantID, thread: String, checkpoint: String) -> Entry? {
        entries.withLock { store in
            let key = "\(tenant.rawValue)/\(thread)"
            guard store.map[key]?.checkpoint.id == checkpoint else { return nil }
            return store.map.removeValue(forKey: key)
        }
    }

    func put(tenant: TenantID, thread: String, checkpoint: CheckpointRecord, state: State, snapshots: SnapshotPolicy) {
        entries.withLock { store in
            store.clock += 1
            store.map["\(tenant.rawValue)/\(thread)"] = Entry(
                checkpoint: checkpoint, state: state, snapshots: snapshots, lastUse: store.clock)
            // Evicts in bulk, the least recently used half, once the map holds twice the capacity: amortized
            // O(log n) per put instead of a scan of every entry on every put.
            if store.map.count > 2 * capacity {
                let cutoff = store.map.values.map(\.lastUse).sorted(by: >)[capacity - 1]
                store.map = store.map.filter { $0.value.lastUse >= cutoff }
            }
        }
    }
}
