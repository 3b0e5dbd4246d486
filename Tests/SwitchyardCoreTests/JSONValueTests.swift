import Foundation
import PropertyBased
import SwitchyardCore
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripsThroughText() async {
        let ints = Gen.int(in: -1_000_000...1_000_000).array(of: 0...6)
        let strings = Gen.letterOrNumber.string(of: 0...12).array(of: 0...6)
        await propertyCheck(input: ints, strings, Gen.letterOrNumber.string(of: 1...8).array(of: 0...6)) {
            numbers, texts, keys in
            let values =
                numbers.map { JSONValue.int($0) } + texts.map { JSONValue.string($0) } + [.bool(true), .double(0.5)]
            let object = JSONValue.object(Dictionary(zip(keys, values), uniquingKeysWith: { a, _ in a }))
            let value = JSONValue.array([object, .array(values), .null])
            let parsed = try? JSONValue(parsing: value.jsonText)
            #expect(parsed == value)
        }
    }

    @Test func sortedKeysGiveEqualBytesForEqualValues() throws {
        let a: JSONValue = ["b": 1, "a": [true, nil, "x"]]
        let b = try JSONValue(parsing: #"{"a":[true,null,"x"],"b":1}"#)
        #expect(a.jsonText == b.jsonText)
        #expect(a.jsonText == #"{"a":[true,null,"x"],"b":1}"#)
    }

    @Test func malformedJSONIsAnError() {
        #expect(throws: (any Error).self) { try JSONValue(parsing: "{\"a\": }") }
    }

    @Test func decodesIntoTypes() throws {
        struct Point: Codable, Equatable { var x: Int; var y: Double }
        let value: JSONValue = ["x": 3, "y": 1.5]
        #expect(try value.decode(Point.self) == Point(x: 3, y: 1.5))
        #expect(try JSONValue(encoding: Point(x: 3, y: 1.5)) == value)
    }
}

@Suite struct TenantIDTests {
    @Test(arguments: ["acme", "client-42", "a.b_c", String(repeating: "x", count: 64)])
    func acceptsValidIDs(_ raw: String) throws {
        #expect(try TenantID(raw).rawValue == raw)
    }

    @Test(arguments: ["", "has space", "slash/y", "ünï", String(repeating: "x", count: 65), "semi;colon"])
    func rejectsInvalidIDs(_ raw: String) {
        #expect(throws: SwitchyardError.self) { try TenantID(raw) }
        do {
            _ = try TenantID(raw)
        } catch {
            #expect(error.code == .invalidTenant)
        }
    }
}
