import SwitchyardCore

/// Keys and values of prompt prefixes already evaluated, kept per tenant so that a later request of the same
/// tenant starting with the same tokens (a workflow's system prompt and few-shot examples) skips them.
///
/// Never shared across tenants: a hit makes a request faster, so a shared entry would tell one tenant what
/// another's prompts start with. Each tenant has its own byte budget (least recently used entries go first),
/// so one tenant's traffic cannot evict another's entries until the global budget is reached.
///
/// Prefixes are whole prefill chunks (`alignment` tokens, the chunk size of a prompt's evaluation): the keys and
/// values of a position depend on the chunk it was evaluated in (llama.cpp's kernels depend on the batch size),
/// and with aligned prefixes a request that reuses one computes exactly the chunks it would compute without, so
/// its output is bit-identical. Used by one thread (the batch engine's).
final class PrefixCache {
    private struct Entry {
        let tenant: TenantID
        let tokens: [Int32]
        let cache: KVCache
        var lastUse: UInt64
        var bytes: Int { tokens.count * cache.bytesPerPosition }
    }

    let alignment: Int
    let maxBytes: Int
    let maxBytesPerTenant: Int
    private var entries: [Entry] = []
    private var clock: UInt64 = 0

    init(alignment: Int, maxBytes: Int, maxBytesPerTenant: Int) {
        self.alignment = alignment
        self.maxBytes = maxBytes
        self.maxBytesPerTenant = maxBytesPerTenant
    }

    /// Bytes held by all entries.
    var bytes: Int { entries.reduce(0) { $0 + $1.bytes } }

    /// Number of entries.
    var count: Int { entries.count }

    /// Copies into `cache` the longest kept prefix of `prompt` for `tenant` (whole chunks, leaving at least one
    /// prompt token to evaluate) and returns its length (0 when none).
    func restore(tenant: TenantID, prompt: [Int32], into cache: KVCache) -> Int {
        let limit = (prompt.count - 1) / alignment * alignment
        guard limit > 0 else { return 0 }
        var best: Int?
        var bestLength = 0
        for (i, e) in entries.enumerated() where e.tenant == tenant {
            let m = min(e.tokens.count, limit)
            var common = 0
            while common < m && e.tokens[common] == prompt[common] { common += 1 }
            let usable = common / alignment * alignment
            if usable > bestLength {
                best = i
                bestLength = usable
            }
        }
        guard let best else { return 0 }
        clock += 1
        entries[best].lastUse = clock
        cache.copyPrefix(from: entries[best].cache, count: bestLength)
        return bestLength
    }

    /// Keeps the keys and values of `prompt`'s whole chunks for `tenant`, from `cache` (which holds at least them).
    func store(tenant: TenantID, prompt: [Int32], from cache: KVCache) {
        let length = prompt.count / alignment * alignment
        guard length > 0, length * cache.bytesPerPosition <= min(maxBytes, maxBytesPerTenant) else { return }
        let key = Array(prompt.prefix(length))
        clock += 1
        if let i = entries.firstIndex(where: {
            $0.tenant == tenant && $0.tokens.count >= length && $0.tokens.starts(with: key)
        }) {
            entries[i].lastUse = clock
            return
        }
        // An entry this one extends is covered by it.
        entries.removeAll { $0.tenant == tenant && key.starts(with: $0.tokens) }
        let copy = KVCache(layers: cache.layers, rowWidth: cache.rowWidth, capacity: length)
        copy.copyPrefix(from: cache, count: length)
        entries.append(Entry(tenant: tenant, tokens: key, cache: copy, lastUse: clock))
        evict(tenant: tenant)
    }

    /// Drops every entry of `tenant`.
    func removeAll(tenant: TenantID) { entries.removeAll { $0.tenant == tenant } }

    private func evict(tenant: TenantID) {
        func leastRecent(_ filter: (Entry) -> Bool) -> Int? {
            entries.indices.filter { filter(entries[$0]) }.min { entries[$0].lastUse < entries[$1].lastUse }
        }
        var tenantBytes = entries.reduce(0) { $0 + ($1.tenant == tenant ? $1.bytes : 0) }
        while tenantBytes > maxBytesPerTenant, let i = leastRecent({ $0.tenant == tenant }) {
            tenantBytes -= entries[i].bytes
            entries.remove(at: i)
        }
        var total = bytes
        while total > maxBytes, let i = leastRecent({ _ in true }) {
            total -= entries[i].bytes
            entries.remove(at: i)
        }
    }
}
