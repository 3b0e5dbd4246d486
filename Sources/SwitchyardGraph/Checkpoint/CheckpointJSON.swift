import Foundation
import SwitchyardCore

/// Writes the JSON of a checkpoint's next tasks and metadata, and of common channel values, without going through
/// Foundation's `JSONEncoder` (which costs microseconds per call and allocates an encoder each time).
///
/// The output is the JSON `JSONCoding.encoder` produces for the same values, keys sorted, and decodes with
/// `JSONDecoder` to equal values (`CheckpointJSONTests` checks both); only `send` arguments, which are rare, still
/// go through `JSONEncoder`.
public enum CheckpointJSON {
    /// `[TaskSpec]` as JSON.
    /// - Parameter tasks: The next step's tasks.
    /// - Throws: when a send argument does not encode.
    public static func next(_ tasks: [TaskSpec]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2 + tasks.count * 32)
        out.append(UInt8(ascii: "["))
        for (i, task) in tasks.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            if let argument = task.argument {
                appendKey("argument", to: &out)
                out.append(contentsOf: try JSONCoding.encoder.encode(argument))
                out.append(UInt8(ascii: ","))
            }
            appendKey("id", to: &out)
            appendString(task.id, to: &out)
            out.append(UInt8(ascii: ","))
            appendKey("node", to: &out)
            appendString(task.node, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// `CheckpointMetadata` as JSON (dates as seconds since 2001, as `JSONEncoder` writes them by default).
    /// - Parameter metadata: The checkpoint's metadata.
    public static func metadata(_ metadata: CheckpointMetadata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + metadata.nodes.count * 16 + metadata.durationsMs.count * 24)
        out.append(UInt8(ascii: "{"))
        appendKey("createdAt", to: &out)
        appendDouble(metadata.createdAt.timeIntervalSinceReferenceDate, to: &out)
        out.append(UInt8(ascii: ","))
        appendKey("durationsMs", to: &out)
        out.append(UInt8(ascii: "{"))
        let durations =
            metadata.durationsMs.count > 1
            ? metadata.durationsMs.sorted { $0.key < $1.key } : Array(metadata.durationsMs)
        for (i, entry) in durations.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(entry.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendDouble(entry.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        if let fork = metadata.forkedFrom {
            out.append(UInt8(ascii: ","))
            appendKey("forkedFrom", to: &out)
            out.append(UInt8(ascii: "{"))
            appendKey("checkpoint", to: &out)
            appendString(fork.checkpoint, to: &out)
            out.append(UInt8(ascii: ","))
            appendKey("thread", to: &out)
            appendString(fork.thread, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: ","))
        appendKey("nodes", to: &out)
        appendStrings(metadata.nodes, to: &out)
        out.append(UInt8(ascii: ","))
        appendKey("source", to: &out)
        appendString(metadata.source, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func appendKey(_ key: StaticString, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`; the rest as UTF-8.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: out.append(UInt8(ascii: "\""))
                case 0x5C: out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendStrings(_ strings: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, s) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(s, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    static func appendInt<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    /// A finite double in Swift's shortest round-trip form (valid JSON); `JSONEncoder` refuses NaN and
    /// infinities, so callers fall back to it for those.
    static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            out.append(contentsOf: String(Int64(value)).utf8)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }
}
