import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardInference

/// The schema shapes Kubernetes manifests use (issue 10): names as patterns with length bounds, `Quantity` and
/// `IntOrString` as `oneOf`s overlapping in `null`, `format: byte` and other annotations, and the KubeVirt
/// VirtualMachine schema that used to exceed the automaton limit. No model needed.
@Suite("Constraint automata for Kubernetes schemas")
struct ConstraintKubernetesTests {
    func schema(_ text: String) throws(SwitchyardError) -> DecodingConstraint {
        try DecodingConstraint.jsonSchema(parsing: text)
    }

    static let rfc1123 = #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#

    @Test func patternWithLengthBoundsIsIntersected() throws {
        let name = try schema(#"{"type":"string","pattern":"\#(Self.rfc1123)","maxLength":63}"#)
        let longest = String(repeating: "a", count: 63)
        #expect(name.accepts("\"\(longest)\""))
        #expect(!name.accepts("\"\(longest)a\""))
        #expect(name.accepts(#""web-1.example""#) && !name.accepts(#""-web""#) && !name.accepts(#""Web""#))
        // Characters are counted as code points, escapes and multi-byte characters as one.
        let short = try schema(#"{"type":"string","pattern":"^.+$","minLength":2,"maxLength":3}"#)
        #expect(short.accepts(#""ab""#) && short.accepts(#""a\"b""#) && short.accepts("\"äöü\""))
        #expect(!short.accepts(#""a""#) && !short.accepts(#""abcd""#) && !short.accepts("\"äöüß\""))
        // An unanchored pattern searches: anything around the match counts towards the length.
        let search = try schema(#"{"type":"string","pattern":"x","maxLength":3}"#)
        #expect(search.accepts(#""axb""#) && !search.accepts(#""ab""#) && !search.accepts(#""aaxb""#))
        let date = try schema(#"{"anyOf":[{"type":"string","format":"date","maxLength":9},{"type":"null"}]}"#)
        #expect(!date.accepts(#""2024-01-01""#) && date.accepts("null"))
        #expect(try schema(#"{"type":"string","format":"date","minLength":10}"#).accepts(#""2024-01-01""#))
    }

    @Test func walksThroughBoundedPatternsValidate() throws {
        let text = #"{"type":"string","pattern":"\#(Self.rfc1123)","minLength":3,"maxLength":20}"#
        let constraint = try schema(text)
        let validator = try JSONSchema(parsing: text)
        var rng = SeededGenerator(seed: 10)
        for round in 0..<200 {
            let output = try #require(randomOutput(constraint, using: &rng), "round \(round)")
            let value = try JSONValue(parsing: output)
            #expect(validator.isValid(value), "round \(round): \(output)")
        }
    }

    /// A random walk through the automaton, then the shortest way to acceptance.
    func randomOutput(_ constraint: DecodingConstraint, using rng: inout SeededGenerator) -> String? {
        var state = constraint.start()
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...40, using: &rng) {
            let options = (0...255).map(UInt8.init).filter { b in
                var probe = state
                return probe.advance(byte: b)
            }
            guard let b = options.randomElement(using: &rng) else { break }
            state.advance(byte: b)
            bytes.append(b)
        }
        while !state.isAccepting {
            guard let distance = state.bytesToAccept else { return nil }
            let next = (0...255).map(UInt8.init).first { b in
                var probe = state
                return probe.advance(byte: b) && probe.bytesToAccept == distance - 1
            }
            guard let b = next else { return nil }
            state.advance(byte: b)
            bytes.append(b)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func oneOfOverlappingInNullDropsTheOverlap() throws {
        let quantity = try schema(#"{"oneOf":[{"type":["string","null"]},{"type":["number","null"]}]}"#)
        #expect(quantity.accepts(#""500m""#) && quantity.accepts("2") && quantity.accepts("1.5"))
        #expect(!quantity.accepts("null"))
        let intOrString = try schema(
            #"{"$defs":{"i":{"oneOf":[{"type":["string","null"]},{"type":["integer","null"]}]}},"#
                + ##""type":"object","properties":{"port":{"$ref":"#/$defs/i"}},"required":["port"]}"##)
        #expect(intOrString.accepts(#"{"port":8080}"#) && intOrString.accepts(#"{"port":"http"}"#))
        #expect(!intOrString.accepts(#"{"port":null}"#) && !intOrString.accepts(#"{"port":1.5}"#))
        do {
            _ = try schema(#"{"oneOf":[{"type":"integer"},{"type":"number","minimum":3}]}"#)
            Issue.record("a oneOf whose branches share every type compiled")
        } catch {
            #expect(error.code == .unsupportedSchemaKeyword && error.message.contains("/oneOf"), "\(error)")
        }
    }

    @Test func annotationsDoNotRefuse() throws {
        let secret = try schema(#"{"type":"object","additionalProperties":{"type":"string","format":"byte"}}"#)
        #expect(
            secret.accepts(#"{"a":"aGk="}"#) && secret.accepts(#"{"key":"YWJj"}"#) && !secret.accepts(#"{"a":"a"}"#))
        let unknownFormat = try schema(#"{"type":"string","format":"int-or-string","maxLength":2}"#)
        #expect(unknownFormat.accepts(#""ab""#) && !unknownFormat.accepts(#""abc""#))
        // Two combined schemas disagreeing only on extension keywords: those are annotations.
        let merged = try schema(
            #"{"$defs":{"r":{"type":"object","x-kubernetes-map-type":"atomic","properties":{"n":{"type":"string"}}}},"#
                + ##""allOf":[{"$ref":"#/$defs/r"},{"required":["n"],"x-kubernetes-map-type":"granular"}]}"##)
        #expect(merged.accepts(#"{"n":"a"}"#) && !merged.accepts(#"{"n":1}"#) && !merged.accepts("{}"))
    }

    @Test func nestedObjectsAndLongArraysExpandLazily() throws {
        // 256 elements of an object with 40 nested objects: expanded up front, tens of millions of states.
        var inner: [String: JSONValue] = [:]
        for k in 0..<40 {
            inner["field\(k)"] = [
                "type": "object", "properties": ["name": ["type": "string", "pattern": "^[a-z]+$", "maxLength": 63]],
            ]
        }
        let item: JSONValue = ["type": "object", "properties": .object(inner), "required": ["field0"]]
        let schema: JSONValue = ["type": "array", "items": item, "maxItems": 256, "minItems": 1]
        let constraint = try DecodingConstraint.jsonSchema(schema)
        #expect(constraint.accepts(#"[{"field0":{"name":"a"}}]"#))
        #expect(!constraint.accepts("[]"))
        #expect(constraint.automaton.expandedStates < 5_000, "\(constraint.automaton.expandedStates) states expanded")
    }

    @Test(arguments: [
        "crd-kubevirt.io-virtualmachine_v1.json", "crd-cdi.kubevirt.io-datavolume_v1beta1.json",
        "crd-keda.sh-scaledobject_v1alpha1.json", "crd-k8s.cni.cncf.io-networkattachmentdefinition_v1.json",
    ])
    func crdSchemasCompile(_ file: String) throws {
        let path = ModelFiles.fixturesDir + "/constrained-corpus/" + file
        let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        let constraint = try DecodingConstraint.jsonSchema(parsing: text)
        var rng = SeededGenerator(seed: 7)
        let output = try #require(randomOutput(constraint, using: &rng))
        #expect(try JSONSchema(parsing: text).isValid(try JSONValue(parsing: output)), "\(output)")
    }

    @Test func messagesQuoteAndCutBadInput() throws {
        let long = String(repeating: "(", count: 500) + "\u{07}"
        do {
            _ = try DecodingConstraint.regex(long)
            Issue.record("an unbalanced regex compiled")
        } catch {
            #expect(error.code == .invalidRegex)
            #expect(error.message.count < 300 && !error.message.contains("\u{07}"), "\(error.message)")
            #expect(error.message.contains("characters)"), "\(error.message)")
        }
        let name = "bad\nname" + String(repeating: "x", count: 400)
        let text = JSONValue.object([
            "type": "object", "properties": .object([name: ["type": "number", "multipleOf": 2]]),
        ]).jsonText
        do {
            _ = try DecodingConstraint.jsonSchema(parsing: text)
            Issue.record("multipleOf compiled")
        } catch {
            #expect(error.code == .unsupportedSchemaKeyword)
            #expect(!error.message.contains("\n") && error.message.count < 400, "\(error.message)")
        }
    }
}
