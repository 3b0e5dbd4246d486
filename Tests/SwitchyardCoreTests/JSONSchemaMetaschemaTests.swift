import SwitchyardCore
import Testing

/// The built-in draft 2020-12 meta-schemas: checking a schema against the meta-schema needs no registry.
@Suite("JSONSchema built-in meta-schemas")
struct JSONSchemaMetaschemaTests {
    static let metaschema = "https://json-schema.org/draft/2020-12/schema"

    @Test func refToTheMetaschemaValidatesSchemas() throws {
        let meta = try JSONSchema(["$ref": .string(Self.metaschema)])
        let good: [JSONValue] = [
            ["type": "object", "properties": ["name": ["type": "string", "minLength": 1]], "required": ["name"]],
            ["$defs": ["a": ["enum": [1, "x"]]], "anyOf": [["$ref": "#/$defs/a"], ["type": "null"]]],
            true,
        ]
        for schema in good { #expect(meta.isValid(schema), "\(schema.jsonText)") }
        let bad: [(JSONValue, String)] = [
            (["type": 12], "/type"),
            (["type": "nope"], "/type"),
            (["properties": ["a": ["minLength": -1]]], "/properties/a/minLength"),
            (["required": "name"], "/required"),
            (["$defs": ["x": ["items": ["type": ["string", 3]]]]], "/$defs/x/items/type"),
            (12, ""),
        ]
        for (schema, pointer) in bad {
            let errors = meta.validate(schema)
            #expect(!errors.isEmpty, "\(schema.jsonText) passed the meta-schema")
            #expect(errors.contains { $0.instanceLocation == pointer }, "\(schema.jsonText): \(errors)")
        }
    }

    @Test func vocabularyMetaschemasResolveByURI() throws {
        let validation = try JSONSchema(["$ref": "https://json-schema.org/draft/2020-12/meta/validation"])
        #expect(validation.isValid(["maxLength": 3]) && !validation.isValid(["maxLength": "3"]))
        let core = try JSONSchema(["$ref": "https://json-schema.org/draft/2020-12/meta/core"])
        #expect(core.isValid(["$id": "https://example.com/s"]) && !core.isValid(["$id": 5]))
        // `$schema` naming the standard meta-schema keeps the standard vocabularies.
        let declared = try JSONSchema(["$schema": .string(Self.metaschema), "type": "integer", "maximum": 3])
        #expect(declared.isValid(2) && !declared.isValid(4) && !declared.isValid("2"))
    }

    @Test func toolParametersCheckedAgainstTheMetaschema() throws {
        // A gateway checks a tool's parameter schema before using it.
        let meta = try JSONSchema(["$ref": .string(Self.metaschema)])
        let parameters: JSONValue = [
            "type": "object", "properties": ["city": ["type": "string"], "days": ["type": "integer", "minimum": 1]],
            "required": ["city"], "additionalProperties": false,
        ]
        #expect(meta.isValid(parameters))
        #expect(throws: SwitchyardError.self) { try meta.check(["type": "objekt"], subject: "tool parameters") }
        do {
            try meta.check(["type": "objekt"], subject: "tool parameters")
        } catch {
            #expect(error.code == .schemaValidationFailed)
        }
    }

    @Test func aRegisteredDocumentTakesPrecedence() throws {
        var registry = SchemaRegistry()
        try registry.register(["type": "string"], uri: Self.metaschema)
        let schema = try JSONSchema(["$ref": .string(Self.metaschema)], options: .init(registry: registry))
        #expect(schema.isValid("x") && !schema.isValid(["type": "object"]))
    }

    @Test func unresolvableReferencesAreQuotedAndCut() throws {
        let reference = "https://example.com/" + String(repeating: "a", count: 300) + "\n"
        do {
            _ = try JSONSchema(["$ref": .string(reference)])
            Issue.record("an unresolvable $ref compiled")
        } catch {
            #expect(error.code == .invalidSchema)
            #expect(!error.message.contains("\n") && error.message.contains("characters)"), "\(error.message)")
            #expect(error.message.count < 400, "\(error.message.count) characters")
        }
        let name = "evil\u{1b}[31m" + String(repeating: "x", count: 200)
        let schema = try JSONSchema(["required": .array([.string(name)])])
        let message = try #require(schema.validate([:]).first?.description)
        #expect(!message.contains("\u{1b}") && message.count < 200, "\(message)")
    }
}
