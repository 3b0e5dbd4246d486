import Foundation
import PropertyBased
import SwitchyardCore
import Testing

/// The hand-written JSON reader and writer (JSONValue+Text.swift) against Foundation's coders, which they replace
/// on the hot paths: the same bytes out, the same values in, and errors for what is not JSON.
@Suite("JSON text")
struct JSONTextTests {
    /// Foundation's encoding with the settings `jsonText` promises to match.
    func foundationText(_ value: JSONValue) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
    }

    /// A random value: every kind, strings with escapes, control characters and non-ASCII, doubles of every size.
    static func randomValue(depth: Int, using rng: inout SeededRandom) -> JSONValue {
        let alphabet: [Character] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "é",
            "😀", "\u{2028}", "中", "\r", "\u{8}", "\u{c}",
        ]
        func string() -> String {
            String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        let kind = Int.random(in: 0...(depth > 0 ? 7 : 5), using: &rng)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &rng) >> Int.random(in: 0...63, using: &rng))
        case 3:
            let double = Double.random(in: -1...1, using: &rng) * pow(10, Double(Int.random(in: -30...30, using: &rng)))
            // Whole-number doubles that fit an Int read back as .int (as JSONDecoder did): compare those as ints.
            if let int = Int(exactly: double) { return .int(int) }
            return .double(double)
        case 4, 5: return .string(string())
        case 6:
            return .array(
                (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth - 1, using: &rng) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                members[string()] = randomValue(depth: depth - 1, using: &rng)
            }
            return .object(members)
        }
    }

    @Test("jsonText writes Foundation's bytes, and parsing reads them back to the same value")
    func matchesFoundation() async throws {
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SeededRandom(seed: seed)
            let value = Self.randomValue(depth: 3, using: &rng)
            let text = value.jsonText
            #expect(text == (try foundationText(value)), "seed \(seed)")
            #expect(try JSONValue(parsing: text) == value, "seed \(seed): \(text)")
            // And what Foundation's decoder made of the text is what the parser makes of it.
            let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(foundation == value, "seed \(seed)")
        }
    }

    @Test("numbers read as JSONDecoder read them: an exact Int is .int, anything else .double")
    func numbers() throws {
        let cases: [(String, JSONValue)] = [
            ("1.0", .int(1)), ("1e2", .int(100)), ("-0", .int(0)), ("1.5", .double(1.5)), ("0.1", .double(0.1)),
            ("12345678901234567890", .double(Double("12345678901234567890")!)),
            ("-9223372036854775808", .int(Int.min)), ("2.5e-5", .double(2.5e-5)), ("1E+21", .double(1e21)),
        ]
        for (text, value) in cases { #expect(try JSONValue(parsing: text) == value, "\(text)") }
        #expect(JSONValue.double(1e16).jsonText == "1e+16")
        #expect(JSONValue.double(-0.0).jsonText == "-0")
        #expect(JSONValue.double(.nan).jsonText == "null")
        #expect(JSONValue.array([.double(.infinity), 1]).jsonText == "[null,1]")
    }

    @Test(
        "what is not JSON is an error that says where",
        arguments: [
            ("[1,]", 1, 4), ("{\"a\":1,}", 1, 8), ("01", 1, 1), ("1.", 1, 3), ("-", 1, 2), ("nul", 1, 1),
            ("\"\\ud800\"", 1, 8), ("\"\\udc00\"", 1, 8), ("\"a\u{1}\"", 1, 3), ("\"abc", 1, 5), ("{\"a\" 1}", 1, 6),
            ("[1]\n x", 2, 2), ("1E400", 1, 1), ("\"\\q\"", 1, 3), ("", 1, 1), ("{1:2}", 1, 2), ("[\"\\u12\"]", 1, 7),
        ])
    func errors(text: String, line: Int, column: Int) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
        #expect(error?.line == line && error?.column == column, "\(text): \(String(describing: error))")
        #expect(error?.description.hasPrefix("not valid JSON at line \(line), column \(column): ") == true)
    }

    @Test("nesting deeper than the limit is an error, not a stack overflow")
    func depth() throws {
        let limit = JSONValue.maximumNestingDepth
        let ok = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try JSONValue(parsing: ok).jsonText == ok)
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: deep) }
        #expect(error?.reason.contains("nest deeper than \(limit)") == true)
        #expect(throws: JSONSyntaxError.self) {
            try JSONValue(parsing: String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600))
        }
    }

    @Test("escapes and whitespace")
    func escapes() throws {
        let text = " {\"k\\u00e9\" : [\"\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\", true ,false,null]}\r\n"
        let value = try JSONValue(parsing: text)
        #expect(
            value == .object(["ké": .array([.string("😀/\u{8}\u{c}\n\r\t\"\\"), .bool(true), .bool(false), .null])]))
        #expect(value.jsonText == #"{"ké":["😀/\b\f\n\r\t\"\\",true,false,null]}"#)
        // Duplicate member names: the last one wins, as in JSONDecoder.
        #expect(try JSONValue(parsing: #"{"a":1,"a":2}"#) == ["a": 2])
    }
}
