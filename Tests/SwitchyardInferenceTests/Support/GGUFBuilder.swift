/// Builds small synthetic GGUF files in memory for reader tests and fuzzing.
struct GGUFBuilder {
    var version: UInt32 = 3
    var kvs: [(String, [UInt8])] = []  // key, type id + payload
    var tensors: [(name: String, shape: [Int], type: UInt32, data: [UInt8])] = []
    var alignment = 32

    static func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func str(_ s: String) -> [UInt8] { u64(UInt64(s.utf8.count)) + Array(s.utf8) }

    mutating func add(_ key: String, string v: String) { kvs.append((key, Self.u32(8) + Self.str(v))) }
    mutating func add(_ key: String, u32 v: UInt32) { kvs.append((key, Self.u32(4) + Self.u32(v))) }
    mutating func add(_ key: String, f32 v: Float) { kvs.append((key, Self.u32(6) + Self.u32(v.bitPattern))) }
    mutating func add(_ key: String, strings: [String]) {
        kvs.append((key, Self.u32(9) + Self.u32(8) + Self.u64(UInt64(strings.count)) + strings.flatMap(Self.str)))
    }
    mutating func add(_ key: String, floats: [Float]) {
        kvs.append(
            (
                key,
                Self.u32(9) + Self.u32(6) + Self.u64(UInt64(floats.count)) + floats.flatMap { Self.u32($0.bitPattern) }
            ))
    }

    func build() -> [UInt8] {
        var out =
            Self.u32(0x4655_4747) + Self.u32(version) + Self.u64(UInt64(tensors.count)) + Self.u64(UInt64(kvs.count))
        for (k, v) in kvs { out += Self.str(k) + v }
        var offsets: [Int] = []
        var cursor = 0
        for t in tensors {
            offsets.append(cursor)
            cursor += (t.data.count + alignment - 1) / alignment * alignment
        }
        for (i, t) in tensors.enumerated() {
            out += Self.str(t.name) + Self.u32(UInt32(t.shape.count))
            for d in t.shape { out += Self.u64(UInt64(d)) }
            out += Self.u32(t.type) + Self.u64(UInt64(offsets[i]))
        }
        while out.count % alignment != 0 { out.append(0) }
        for t in tensors {
            out += t.data
            while out.count % alignment != 0 { out.append(0) }
        }
        return out
    }

    /// A small valid file with a few metadata kinds and two tensors.
    static func sample() -> [UInt8] {
        var b = GGUFBuilder()
        b.add("general.architecture", string: "llama")
        b.add("llama.block_count", u32: 2)
        b.add("llama.rope.freq_base", f32: 10000)
        b.add("tokenizer.ggml.tokens", strings: ["<s>", "a", "b", "ab"])
        b.add("tokenizer.ggml.scores", floats: [0, -1, -2, -3])
        let f32data = (0..<8).flatMap { i in u32(Float(i).bitPattern) }
        b.tensors.append(("w.f32", [4, 2], 0, f32data))
        var q8: [UInt8] = u32(0x3C00).prefix(2) + []  // d = 1.0 (f16)
        q8 += (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) }
        b.tensors.append(("w.q8", [32], 8, q8))
        return b.build()
    }
}
