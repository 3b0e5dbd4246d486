import Foundation

/// llama.cpp's tokenizations of the reference strings (Fixtures/tokenizer/<model>.json, made by
/// scripts/make-reference-fixtures; format in Fixtures/README.md).
struct TokenizerFixture: Decodable {
    struct Case: Decodable {
        let text: String
        let ids: [Int32]
        let ids_special: [Int32]
        let decoded: String?
        let decoded_invalid: Bool?
    }

    let model: String
    let gguf: String
    let add_special: Bool
    let cases: [Case]

    static func load(_ name: String) throws -> TokenizerFixture {
        let url = URL(fileURLWithPath: ModelFiles.fixturesDir).appendingPathComponent("tokenizer/\(name).json")
        return try JSONDecoder().decode(TokenizerFixture.self, from: Data(contentsOf: url))
    }
}
