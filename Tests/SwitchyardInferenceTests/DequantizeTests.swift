import Foundation
import Testing

@testable import SwitchyardInference

/// Dequantization checked against PyPI `gguf`'s reference (`gguf.quants.dequantize`), fixtures made by
/// `scripts/make-dequant-fixtures`.
@Suite("Dequantization vs gguf-py")
struct DequantizeTests {
    struct Fixture: Decodable {
        var source: String
        var type: String
        var tensor: String?
        var row_length: Int
        var rows: [Int]?
        var raw_b64: String?
        var expected_f32_b64: String
    }

    static let files: [String] = {
        let dir = ModelFiles.fixturesDir + "/dequant"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
            $0.hasSuffix(".json") && $0 != "index.json"
        }.sorted()
    }()

    static func floats(_ b64: String) -> [Float] {
        let d = Data(base64Encoded: b64)!
        return d.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    static func type(named n: String) -> GGMLType { GGMLType.known.first { $0.name == n }! }

    @Test func fixturesExist() {
        #expect(Self.files.count >= 12, "run scripts/make-dequant-fixtures")
    }

    @Test(arguments: files)
    func matchesReference(_ file: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: ModelFiles.fixturesDir + "/dequant/" + file))
        let fx = try JSONDecoder().decode(Fixture.self, from: data)
        let expected = Self.floats(fx.expected_f32_b64)
        var got: [Float] = []
        if let tensor = fx.tensor, let rows = fx.rows {
            let model = fx.source.hasPrefix("smollm2") ? ModelFiles.smollm2 : ModelFiles.gemma3
            let g = try GGUFFile(path: ModelFiles.path(model))
            let info = try #require(g.tensorInfo(tensor))
            #expect(info.type.name == fx.type)
            let rowBytes = info.type.rowBytes(info.rowLength)
            for r in rows {
                var buf = [Float](repeating: 0, count: info.rowLength)
                try Dequantize.row(info.type, g.data(of: info) + r * rowBytes, &buf, count: info.rowLength)
                got += buf
            }
        } else {
            let raw = Data(base64Encoded: fx.raw_b64!)!
            got = [Float](repeating: 0, count: fx.row_length)
            try raw.withUnsafeBytes { p in
                try Dequantize.row(Self.type(named: fx.type), p.baseAddress!, &got, count: fx.row_length)
            }
        }
        #expect(got.count == expected.count)
        var worst: Float = 0
        for (a, b) in zip(got, expected) { worst = max(worst, abs(a - b) / max(1, abs(b))) }
        #expect(worst <= 1e-6, "\(file): worst relative error \(worst)")
    }
}
