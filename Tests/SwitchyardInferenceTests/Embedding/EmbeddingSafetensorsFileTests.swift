import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardInference

/// Builds safetensors files in memory (8-byte length, space-padded JSON header, contiguous data).
enum SafetensorsBuilder {
    static func file(
        _ tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])], metadata: String? = nil
    ) -> [UInt8] {
        var entries: [String] = []
        if let metadata { entries.append("\"__metadata__\":\(metadata)") }
        var data: [UInt8] = []
        for t in tensors {
            let begin = data.count
            data += t.bytes
            entries.append(
                "\"\(t.name)\":{\"dtype\":\"\(t.dtype)\",\"shape\":\(t.shape),\"data_offsets\":[\(begin),\(data.count)]}"
            )
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out += $0 }
        return out + header + data
    }

    static func floatBytes(_ xs: [Float]) -> [UInt8] {
        xs.flatMap { x in withUnsafeBytes(of: x.bitPattern.littleEndian) { Array($0) } }
    }

    static let sample = file(
        [
            ("ids", "I64", [1, 3], Array(repeating: 0, count: 24)),
            ("w", "F32", [2, 3], floatBytes([1, 2, 3, 4, 5, -6.5])),
            ("h", "F16", [2], [0x00, 0x3C, 0x00, 0xC0]),  // 1.0, -2.0
            ("b", "BF16", [1], [0x80, 0x3F]),  // 1.0
        ], metadata: "{\"format\":\"pt\"}")

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString).safetensors")
            .path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

@Suite("Embedding: safetensors reader")
struct EmbeddingSafetensorsFileTests {
    @Test func readsTensorsOfEveryConvertibleType() throws {
        let path = try SafetensorsBuilder.write(SafetensorsBuilder.sample)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafetensorsFile(path: path)
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors.count == 4)
        #expect(try file.info("ids").dtype == .i64)
        #expect(try file.floats("w", shape: [2, 3]) == [1, 2, 3, 4, 5, -6.5])
        #expect(try file.floats("h") == [1, -2])
        #expect(try file.floats("b") == [1])
        #expect(throws: SwitchyardError.self) { try file.floats("ids") }
        #expect(throws: SwitchyardError.self) { try file.floats("w", shape: [3, 2]) }
        #expect(throws: SwitchyardError.self) { try file.floats("missing") }
    }

    @Test func rejectsStructurallyWrongHeaders() throws {
        let bad: [[UInt8]] = [
            [],
            [1, 2, 3],
            SafetensorsBuilder.file([("w", "F32", [2], SafetensorsBuilder.floatBytes([1]))]),  // size mismatch
            SafetensorsBuilder.file([("w", "Q4", [1], [0])]),  // unknown dtype
            SafetensorsBuilder.file([("w", "F32", [-1], [])]),  // negative dimension
            SafetensorsBuilder.file([("w", "F32", [1], [0, 0, 0, 0])]) + [0],  // trailing byte
            SafetensorsBuilder.file([], metadata: "{\"format\":1}"),  // metadata not strings
            Array(repeating: 0xFF, count: 8) + Array("{}".utf8),  // huge header length
        ]
        for bytes in bad {
            let path = try SafetensorsBuilder.write(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: SwitchyardError.self, "\(bytes.prefix(64))") { try SafetensorsFile(path: path) }
        }
    }

    @Test func overlappingOrGappedOffsetsAreRejected() throws {
        let header =
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}"
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
        bytes += Array(header.utf8) + [1, 2, 3]
        let path = try SafetensorsBuilder.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SwitchyardError.self) { try SafetensorsFile(path: path) }
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: SwitchyardError.self) { try SafetensorsFile(path: "/nonexistent/model.safetensors") }
    }

    /// Fuzz: every truncation and many random byte mutations either open cleanly or throw — never trap.
    @Test func truncatedAndMutatedFilesNeverCrash() throws {
        let sample = SafetensorsBuilder.sample
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-fuzz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var opened = 0
        for length in 0..<sample.count {
            try Data(sample[0..<length]).write(to: URL(fileURLWithPath: path))
            #expect(throws: SwitchyardError.self) { try SafetensorsFile(path: path) }
        }
        // A fresh seed each run, named in every failure: `SplitMix64(seed:)` with it replays the mutations.
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        for round in 0..<500 {
            var bytes = sample
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] =
                    Bool.random(using: &rng)
                    ? UInt8.random(in: 0...255, using: &rng)
                    : Array("{}[],:\"0123456789 ".utf8).randomElement(using: &rng)!
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let file = try SafetensorsFile(path: path)
                for name in file.tensors.keys { _ = try? file.floats(name) }
                opened += 1
            } catch is SwitchyardError {
            } catch {
                Issue.record("unexpected error type \(error) (seed \(seed), round \(round))")
            }
        }
        #expect(opened > 0, "seed \(seed)")  // mutations inside tensor data leave a valid file
    }

    @Test func modelFileHasTheDocumentedTensors() throws {
        let dir = try EmbeddingTestFiles.requireModel()
        let file = try SafetensorsFile(path: dir + "/model.safetensors")
        #expect(file.tensors.count == 104)
        #expect(try file.info("embeddings.word_embeddings.weight").shape == [30522, 384])
        #expect(try file.info("embeddings.position_ids").dtype == .i64)
        #expect(try file.info("encoder.layer.5.intermediate.dense.weight").shape == [1536, 384])
    }
}
