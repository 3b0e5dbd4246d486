import Foundation
import SwitchyardCore

/// The validated header of a safetensors file: tensor entries and the optional string metadata.
///
/// Layout (huggingface/safetensors `README.md`, "Format"): 8 bytes little-endian `u64` N, then N bytes of
/// UTF-8 JSON (an object: `"__metadata__"` → string map, and per tensor `{"dtype", "shape",
/// "data_offsets": [begin, end]}`), then the data section. Validation mirrors the reference loader
/// (`safetensors/src/tensor.rs`, `Metadata::validate`): offsets are relative to the data section, the
/// tensors tile it exactly (sorted by offset, each starting where the previous ended, the last ending at
/// the end of the file) and every byte length equals element count × element size.
struct SafetensorsHeader: Sendable {
    /// Largest header the reader accepts (the reference loader's limit is also 100 MB).
    static let maximumHeaderLength = 100_000_000

    var tensors: [String: SafetensorsTensorInfo]
    var metadata: [String: String]
    /// Offset of the data section from the start of the file (8 + N).
    var dataOffset: Int

    /// Parses and validates the header of a file whose complete contents are `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws -> SafetensorsHeader {
        func corrupt(_ what: String) -> SwitchyardError {
            SwitchyardError(
                code: .safetensorsCorrupt,
                message: "\(path) is not a valid safetensors file: \(what); re-download it")
        }
        guard bytes.count >= 8 else { throw corrupt("\(bytes.count) bytes, shorter than the 8-byte header length") }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard declared <= UInt64(maximumHeaderLength) else {
            throw corrupt("header length \(declared) exceeds the \(maximumHeaderLength)-byte limit")
        }
        let headerLength = Int(declared)
        guard headerLength <= bytes.count - 8 else {
            throw corrupt(
                "header length \(headerLength) runs past the end of the \(bytes.count)-byte file (truncated?)")
        }
        guard headerLength >= 2, bytes[8] == UInt8(ascii: "{") else {
            throw corrupt("the header does not start with a JSON object")
        }
        let json = Data(bytes[8..<(8 + headerLength)])
        guard String(data: json, encoding: .utf8) != nil else { throw corrupt("the header is not UTF-8") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json, options: [])
        } catch {
            throw corrupt("the header is not valid JSON")
        }
        guard let entries = object as? [String: Any] else { throw corrupt("the header is not a JSON object") }

        let dataLength = bytes.count - 8 - headerLength
        var tensors: [String: SafetensorsTensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in entries {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw corrupt("__metadata__ is not an object") }
                for (k, v) in map {
                    guard let s = v as? String else { throw corrupt("__metadata__.\(k) is not a string") }
                    metadata[k] = s
                }
                continue
            }
            tensors[name] = try tensorInfo(name: name, value, dataLength: dataLength, corrupt: corrupt)
        }
        try checkTiling(tensors.values, dataLength: dataLength, corrupt: corrupt)
        return SafetensorsHeader(tensors: tensors, metadata: metadata, dataOffset: 8 + headerLength)
    }

    private static func tensorInfo(
        name: String, _ value: Any, dataLength: Int, corrupt: (String) -> SwitchyardError
    ) throws -> SafetensorsTensorInfo {
        guard let entry = value as? [String: Any] else { throw corrupt("entry \(name) is not an object") }
        guard let dtypeName = entry["dtype"] as? String else { throw corrupt("\(name) has no dtype string") }
        guard let dtype = SafetensorsDType(headerName: dtypeName) else {
            throw corrupt("\(name) has unknown dtype \(dtypeName)")
        }
        guard let shapeValues = entry["shape"] as? [Any] else { throw corrupt("\(name) has no shape array") }
        var shape: [Int] = []
        var count = 1
        for dim in shapeValues {
            guard let d = integer(dim), d >= 0 else { throw corrupt("\(name) has an invalid dimension") }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw corrupt("\(name) has more elements than can be addressed") }
            shape.append(d)
            count = product
        }
        guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2,
            let begin = integer(offsets[0]), let end = integer(offsets[1])
        else { throw corrupt("\(name) has no [begin, end] data_offsets") }
        guard begin >= 0, begin <= end, end <= dataLength else {
            throw corrupt("\(name) has data_offsets [\(begin), \(end)] outside the \(dataLength)-byte data section")
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow, bytes == end - begin else {
            throw corrupt("\(name) holds \(end - begin) bytes but shape \(shape) of \(dtype) needs \(count) elements")
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataRange: begin..<end)
    }

    /// The tensors must cover the data section exactly, without gaps or overlaps.
    private static func checkTiling(
        _ infos: some Collection<SafetensorsTensorInfo>, dataLength: Int, corrupt: (String) -> SwitchyardError
    ) throws {
        var next = 0
        for info in infos.sorted(by: {
            ($0.dataRange.lowerBound, $0.dataRange.upperBound) < ($1.dataRange.lowerBound, $1.dataRange.upperBound)
        }) {
            guard info.dataRange.lowerBound == next else {
                throw corrupt(
                    "\(info.name) starts at byte \(info.dataRange.lowerBound), expected \(next) (gap or overlap)")
            }
            next = info.dataRange.upperBound
        }
        guard next == dataLength else {
            throw corrupt("the tensors cover \(next) bytes of a \(dataLength)-byte data section")
        }
    }

    /// A JSON number that is a whole, non-fractional integer (JSONSerialization yields NSNumber).
    private static func integer(_ value: Any) -> Int? {
        if let i = value as? Int { return i }
        if let d = value as? Double, d.rounded() == d, abs(d) < 9e15 { return Int(d) }
        return nil
    }
}
