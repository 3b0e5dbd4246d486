import SwitchyardCore

/// A bounds-checked little-endian cursor over untrusted bytes. Every read checks the remaining length first,
/// so a truncated or hostile file produces a `SwitchyardError`, never an out-of-bounds read.
struct GGUFByteReader {
    let base: UnsafeRawPointer
    let count: Int
    let origin: String
    private(set) var offset: Int = 0

    init(base: UnsafeRawPointer, count: Int, origin: String) {
        self.base = base
        self.count = count
        self.origin = origin
    }

    var remaining: Int { count - offset }

    func truncated(_ what: String) -> SwitchyardError {
        SwitchyardError(
            code: .ggufTruncated,
            message: "GGUF file '\(origin)' ends at byte \(count) while reading \(what) at offset \(offset); "
                + "the file is truncated or corrupt. Re-download it (scripts/fetch-models).")
    }

    mutating func need(_ n: Int, _ what: String) throws {
        guard n >= 0, n <= remaining else { throw truncated(what) }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws -> T {
        try need(MemoryLayout<T>.size, what)
        let v = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    mutating func u32(_ what: String) throws -> UInt32 { try read(UInt32.self, what) }
    mutating func u64(_ what: String) throws -> UInt64 { try read(UInt64.self, what) }

    mutating func f32(_ what: String) throws -> Float { Float(bitPattern: try u32(what)) }
    mutating func f64(_ what: String) throws -> Double { Double(bitPattern: try u64(what)) }

    /// A u64 length-prefixed string, at most `maxLength` bytes. Invalid UTF-8 is repaired, not rejected.
    mutating func string(_ what: String, maxLength: Int = 1 << 26) throws -> String {
        let n = try u64("length of \(what)")
        guard n <= UInt64(maxLength) else {
            throw SwitchyardError(
                code: .ggufCorrupt,
                message: "GGUF file '\(origin)': \(what) at offset \(offset - 8) claims \(n) bytes "
                    + "(limit \(maxLength)); the file is corrupt.")
        }
        let len = Int(n)
        try need(len, what)
        let buf = UnsafeRawBufferPointer(start: base + offset, count: len)
        offset += len
        return String(decoding: buf, as: UTF8.self)
    }

    mutating func skip(_ n: Int, _ what: String) throws {
        try need(n, what)
        offset += n
    }

    mutating func seek(_ to: Int) { offset = to }
}
