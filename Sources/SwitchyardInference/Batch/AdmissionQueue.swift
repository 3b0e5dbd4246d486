import SwitchyardCore

/// The requests waiting for a place in the batch and the rule that picks the next one: the highest tier
/// first; within a tier the tenant with the fewest running sequences (so one tenant's burst does not hold
/// everyone else back); then arrival order. A request enters when the batch has a free slot and its KV
/// reservation fits the memory bound (the first request always enters, so an oversized one is not stuck);
/// when the chosen request does not fit, nothing behind it jumps ahead. A pure state machine: no I/O, no clock.
struct AdmissionQueue<Request> {
    /// One waiting request.
    struct Entry {
        let id: Int
        let tenant: TenantID
        let tier: Int
        /// KV bytes the request reserves while it runs.
        let kvBytes: Int
        let request: Request
    }

    /// What is running now.
    struct Load {
        var sequences = 0
        var kvBytes = 0
        var perTenant: [TenantID: Int] = [:]

        mutating func add(_ tenant: TenantID, kvBytes bytes: Int) {
            sequences += 1
            kvBytes += bytes
            perTenant[tenant, default: 0] += 1
        }

        mutating func remove(_ tenant: TenantID, kvBytes bytes: Int) {
            sequences -= 1
            kvBytes -= bytes
            perTenant[tenant, default: 1] -= 1
            if perTenant[tenant] == 0 { perTenant[tenant] = nil }
        }
    }

    let maxSequences: Int
    let maxKVBytes: Int
    private(set) var waiting: [Entry] = []

    init(maxSequences: Int, maxKVBytes: Int) {
        self.maxSequences = max(1, maxSequences)
        self.maxKVBytes = maxKVBytes
    }

    mutating func enqueue(_ entry: Entry) { waiting.append(entry) }

    /// Removes a waiting request (cancelled before it ran).
    mutating func remove(id: Int) -> Entry? {
        guard let i = waiting.firstIndex(where: { $0.id == id }) else { return nil }
        return waiting.remove(at: i)
    }

    /// The next request to run under `load`, removed from the queue and added to `load`; nil when none may.
    mutating func admit(_ load: inout Load) -> Entry? {
        guard load.sequences < maxSequences, !waiting.isEmpty else { return nil }
        var best = 0
        for i in waiting.indices.dropFirst() {
            let a = waiting[i], b = waiting[best]
            if a.tier != b.tier {
                if a.tier > b.tier { best = i }
                continue
            }
            if load.perTenant[a.tenant, default: 0] < load.perTenant[b.tenant, default: 0] { best = i }
        }
        let e = waiting[best]
        guard load.sequences == 0 || load.kvBytes + e.kvBytes <= maxKVBytes else { return nil }
        waiting.remove(at: best)
        load.add(e.tenant, kvBytes: e.kvBytes)
        return e
    }
}

extension AdmissionQueue.Entry: Sendable where Request: Sendable {}
extension AdmissionQueue: Sendable where Request: Sendable {}
