/// LLVM's prefetch intrinsic (`prefetcht0` on x86-64, `prfm` on arm64), reached through its symbol name because
/// Swift has no prefetch API. hnswlib prefetches the next neighbour's vector the same way (`_mm_prefetch`): HNSW
/// search is bound by the cache misses of random vector reads, not by arithmetic (perf: ~70 % of search time
/// sat on the first load of each vector before this).
@_silgen_name("llvm.prefetch.p0")
func _llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ dataCache: Int32)

enum Prefetch {
    /// Asks the cache to load `bytes` bytes from `address` (every 64-byte line), for reading.
    @inline(__always)
    static func read(_ address: UnsafeRawPointer, bytes: Int) {
        var offset = 0
        while offset < bytes {
            _llvmPrefetch(address + offset, 0, 3, 1)
            offset &+= 64
        }
    }
}
