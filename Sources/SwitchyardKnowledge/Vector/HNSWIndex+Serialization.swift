import SwitchyardCore

extension HNSWIndex {
    static let magic: Int64 = 0x5359_484E_5357_0001  // "SYHNSW" + format version 1

    /// The index as bytes (native little-endian): a header of 13 integers, then the six flat buffers verbatim, so
    /// saving and loading are memory copies.
    public func serialized() -> [UInt8] {
        let header: [Int64] = [
            Self.magic, Int64(dimensions), Int64(parameters.m), Int64(parameters.efConstruction),
            Int64(bitPattern: parameters.seed), Int64(count), Int64(linkedCount), Int64(deletedCount),
            Int64(entryPoint), Int64(maxLevel), Int64(bitPattern: rng.state), Int64(upper.count), 0,
        ]
        var out: [UInt8] = []
        out.reserveCapacity(
            header.count * 8 + vectors.bytes.count + level0.bytes.count + levels.bytes.count
                + upperStart.bytes.count + upper.bytes.count + deleted.bytes.count)
        header.withUnsafeBytes { out.append(contentsOf: $0) }
        for part in [vectors.bytes, level0.bytes, levels.bytes, upperStart.bytes, upper.bytes, deleted.bytes] {
            out.append(contentsOf: part)
        }
        return out
    }

    /// Loads an index written by ``serialized()``; a truncated or foreign blob is a `corrupt_vector_index` error.
    ///
    /// - Parameter bytes: What serialized() wrote.
    /// - Throws: `SwitchyardError` with code `corrupt_vector_index`.
    public convenience init(serialized bytes: [UInt8]) throws(SwitchyardError) {
        let corrupt = SwitchyardError(
            code: .corruptVectorIndex,
            message: "the stored vector index is damaged (\(bytes.count) bytes); delete and re-ingest the tenant's "
                + "documents, or remove its kb_vector_index rows to rebuild it from the stored vectors")
        guard bytes.count >= 13 * 8 else { throw corrupt }
        let header: [Int64] = bytes.withUnsafeBytes { raw in
            (0..<13).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) }
        }
        guard header[0] == Self.magic, header[1] > 0, header[2] >= 2, header[5] >= 0 else { throw corrupt }
        let dims = Int(header[1])
        let parameters = Parameters(
            m: Int(header[2]), efConstruction: Int(header[3]), seed: UInt64(bitPattern: header[4]))
        let n = Int(header[5])
        let upperCount = Int(header[11])
        self.init(dimensions: dims, parameters: parameters, capacity: max(n, 16))
        let sizes = [n * dims * 4, n * stride0 * 4, n, n * 4, upperCount * 4, n]
        guard bytes.count == 13 * 8 + sizes.reduce(0, +) else { throw corrupt }
        bytes.withUnsafeBytes { raw in
            var offset = 13 * 8
            func take<T>(_ buffer: inout GrowableBuffer<T>, _ elements: Int) {
                let p = (raw.baseAddress! + offset).assumingMemoryBound(to: T.self)
                // Copy element-wise from possibly unaligned bytes.
                buffer.reserve(elements)
                let tmp = UnsafeMutableRawPointer(buffer.base)
                tmp.copyMemory(from: UnsafeRawPointer(p), byteCount: elements * MemoryLayout<T>.stride)
                buffer.setCount(elements)
                offset += elements * MemoryLayout<T>.stride
            }
            take(&vectors, n * dims)
            take(&level0, n * stride0)
            take(&levels, n)
            take(&upperStart, n)
            take(&upper, upperCount)
            take(&deleted, n)
        }
        count = n
        linkedCount = Int(header[6])
        deletedCount = Int(header[7])
        entryPoint = Int(header[8])
        maxLevel = Int(header[9])
        rng = SplitMix64(seed: UInt64(bitPattern: header[10]))
        guard linkedCount <= n, entryPoint < n, (0..<n).allSatisfy({ upperStart[$0] < Int32(upperCount) + 1 })
        else { throw corrupt }
    }
}
