import Foundation
import Testing

@testable import SwitchyardInference

/// `Dequantize.row` against PyPI `gguf`'s reference `gguf.quants.dequantize` (Fixtures/dequant, made by
/// scripts/make-reference-fixtures): the first values of one real tensor per type in each model file, and
/// synthetic blocks for the supported types neither file carries (F16, BF16, Q4_0, Q5_K).
@Suite("Dequantization vs gguf-py")
struct DequantReferenceTests {
    struct Index: Decodable {
        struct Case: Decodable {
            let type: String
            let ggml_type: UInt32
            let gguf: String?
            let tensor: String?
            let count: Int
            let expected: String
            let raw: String?
        }
        let cases: [Case]
    }

    static var dir: URL { URL(fileURLWithPath: ModelFiles.fixturesDir).appendingPathComponent("dequant") }

    static func cases() throws -> [Index.Case] {
        try JSONDecoder().decode(Index.self, from: Data(contentsOf: dir.appendingPathComponent("index.json"))).cases
    }

    static func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: dir.appendingPathComponent(name))
        return data.withUnsafeBytes { raw in
            (0..<data.count / 4).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
        }
    }

    @Test func coversEveryEngineType() throws {
        let types = Set(try Self.cases().map(\.type))
        for t in GGMLType.supported { #expect(types.contains(t.name), "no dequantization fixture for \(t.name)") }
    }

    @Test func matchesReference() throws {
        var files: [String: GGUFFile] = [:]
        for c in try Self.cases() {
            let type = try #require(GGMLType.known.first { $0.rawValue == c.ggml_type })
            let expected = try Self.floats(c.expected)
            #expect(expected.count == c.count)
            var got = [Float](repeating: .nan, count: c.count)
            if let rawName = c.raw {
                let raw = try Data(contentsOf: Self.dir.appendingPathComponent(rawName))
                try raw.withUnsafeBytes { p in try Dequantize.row(type, p.baseAddress!, &got, count: c.count) }
            } else {
                let gguf = try c.gguf.map { name in
                    try files[name] ?? GGUFFile(path: ModelFiles.path(name))
                }!
                files[c.gguf!] = gguf
                let info = try #require(gguf.tensorInfo(c.tensor!))
                #expect(info.type == type)
                try Dequantize.row(type, gguf.data(of: info), &got, count: c.count)
            }
            var worst = 0
            var worstErr: Float = 0
            for i in 0..<c.count {
                let err = abs(got[i] - expected[i])
                if !(err <= 1e-6 + 1e-5 * abs(expected[i])) && !(err <= worstErr) {
                    worst = i
                    worstErr = err.isNaN ? .infinity : err
                }
            }
            #expect(
                worstErr == 0,
                "\(c.type) \(c.tensor ?? "synthetic"): value \(worst) is \(got[worst]), expected \(expected[worst])")
        }
    }
}
