import Foundation
import SwitchyardCore

/// The binary framing of a list of channel writes (a checkpoint's delta, a finished task's pending writes).
///
/// Layout: magic `SYW1`, u32 count, then per write: u16 name length, name (UTF-8), u32 value length, value
/// (JSON). All little-endian. Lengths are checked before any read, so a corrupt blob is an error, not a crash.
enum WriteFrames {
    static let magic: [UInt8] = Array("SYW1".utf8)

    static func encode(_ writes: [(channel: String, value: Data)]) -> Data {
        var out = Data(magic)
        out.reserveCapacity(8 + writes.reduce(0) { $0 + 6 + $1.channel.utf8.count + $1.value.count })
        append(UInt32(writes.count), to: &out)
        for write in writes {
            let name = Array(write.channel.utf8)
            append(UInt16(name.count), to: &out)
            out.append(contentsOf: name)
            append(UInt32(write.value.count), to: &out)
            out.append(write.value)
        }
        return out
    }

    static func decode(_ data: Data) throws -> [(channel: String, value: Data)] {
        let bytes = [UInt8](data)
        var cursor = 0
        func take(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, cursor + n <= bytes.count else {
                throw SwitchyardError(
                    code: .corruptCheckpoint,
                    message: "write frame ends early: needs \(n) bytes at offset \(cursor) of \(bytes.count)")
            }
            defer { cursor += n }
            return bytes[cursor..<cursor + n]
        }
        func int(_ width: Int) throws -> Int {
            try take(width).reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        guard Array(try take(4)) == magic else {
            throw SwitchyardError(code: .corruptCheckpoint, message: "write frame has no SYW1 header")
        }
        let count = try int(4)
        var writes: [(channel: String, value: Data)] = []
        writes.reserveCapacity(min(count, bytes.count / 6))
        for _ in 0..<count {
            let name = try take(try int(2))
            guard let channel = String(validating: name, as: UTF8.self) else {
                throw SwitchyardError(code: .corruptCheckpoint, message: "write frame has a non-UTF-8 channel name")
            }
            writes.append((channel, Data(try take(try int(4)))))
        }
        guard cursor == bytes.count else {
            throw SwitchyardError(
                code: .corruptCheckpoint, message: "write frame has \(bytes.count - cursor) trailing bytes")
        }
        return writes
    }

    /// The frames of `first` followed by those of `second`, as one frame list (both are checked first).
    static func concatenate(_ first: Data, _ second: Data) throws -> Data {
        let a = try decode(first)
        let b = try decode(second)
        return encode(a + b)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}
