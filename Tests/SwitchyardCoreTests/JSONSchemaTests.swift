import SwitchyardCore
import Testing

@Suite("JSONSchema")
struct JSONSchemaTests {
    static let person: JSONValue = [
        "type": "object",
        "properties": [
            "name": ["type": "string", "minLength": 1],
            "age": ["type": "integer", "minimum": 0],
            "items": ["type": "array", "items": ["$ref": "#/$defs/item"]],
        ],
        "required": ["name"],
        "additionalProperties": false,
        "$defs": ["item": ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]]],
    ]

    @Test func validInstanceHasNoErrors() throws {
        let schema = try JSONSchema(Self.person)
        let instance: JSONValue = ["name": "Ada", "age": 36, "items": [["name": "x"]]]
        #expect(schema.validate(instance).isEmpty)
        #expect(schema.isValid(instance))
    }

    @Test func reportsEveryFailureWithPointers() throws {
        let schema = try JSONSchema(Self.person)
        let instance: JSONValue = [
            "age": -1, "items": [["name": "a"], ["name": "b"], ["name": "c"], ["name": 4]], "nickname": "x",
        ]
        let errors = schema.validate(instance)
        let found = Set(errors.map { "\($0.instanceLocation) \($0.message)" })
        #expect(
            found == [
                " missing required property 'name'",
                "/age must be at least 0, got -1",
                "/items/3/name expected string, got integer",
                "/nickname property 'nickname' is not allowed",
            ])
        let refError = try #require(errors.first { $0.instanceLocation == "/items/3/name" })
        #expect(refError.keywordLocation == "/properties/items/items/$ref/properties/name/type")
        #expect(!schema.isValid(instance))
    }

    @Test func pointersEscapeSlashAndTilde() throws {
        let schema = try JSONSchema(["properties": ["a/b": ["properties": ["c~d": ["type": "null"]]]]])
        let errors = schema.validate(["a/b": ["c~d": 1]])
        #expect(errors.map(\.instanceLocation) == ["/a~1b/c~0d"])
        #expect(errors.first?.keywordLocation == "/properties/a~1b/properties/c~0d/type")
    }

    @Test func numbersCompareByValue() throws {
        #expect(try JSONSchema(["type": "integer"]).isValid(1.0))
        #expect(!(try JSONSchema(["type": "integer"]).isValid(1.5)))
        #expect(try JSONSchema(["const": 1]).isValid(1.0))
        #expect(try JSONSchema(["const": ["a": [1, 2], "b": true]]).isValid(["b": true, "a": [1.0, 2]]))
        #expect(try JSONSchema(["enum": [[1], "x"]]).isValid([1.0]))
        #expect(try JSONSchema(["multipleOf": 0.01]).isValid(19.99))
        #expect(!(try JSONSchema(["multipleOf": 0.01]).isValid(19.995)))
        #expect(
            try JSONSchema(["uniqueItems": true]).validate([1, 2, 1.0]).map(\.message) == [
                "items must be unique, but items 0 and 2 are equal"
            ])
    }

    @Test func stringLengthCountsCodePoints() throws {
        let schema = try JSONSchema(["maxLength": 2])
        #expect(schema.isValid("💩💩"))
        #expect(!schema.isValid("abc"))
    }

    @Test func patternsFollowECMA262() throws {
        let digits = try JSONSchema(["pattern": "^\\d+$"])
        #expect(digits.isValid("123"))
        #expect(!digits.isValid("১২৩"))  // Bengali digits are not ECMA \d
        #expect(!digits.isValid("123\n"))  // $ does not match before a trailing newline
    }

    @Test func formatIsAnAnnotationUnlessAsserted() throws {
        let schema: JSONValue = ["format": "date-time"]
        #expect(try JSONSchema(schema).isValid("yesterday"))
        let asserting = try JSONSchema(schema, options: .assertingFormats)
        #expect(asserting.isValid("2024-02-29T12:00:00Z"))
        #expect(
            asserting.validate("2023-02-29T12:00:00Z").map(\.message) == [
                "is not a valid date-time: \"2023-02-29T12:00:00Z\""
            ])
        for (format, good, bad) in [
            ("email", "a@example.com", "a@@b"), ("ipv4", "10.0.0.1", "10.0.0.256"), ("ipv6", "::1", "1:::2"),
            ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", "2eb8aa08"), ("uri", "https://x.org/a?b#c", "x y"),
            ("hostname", "api.example.com", "-bad-.com"), ("date", "2020-01-31", "2020-01-32"),
            ("time", "08:30:06Z", "08:30:06"),
        ] {
            let checked = try JSONSchema(["format": .string(format)], options: .assertingFormats)
            #expect(checked.isValid(.string(good)), "\(format) \(good)")
            #expect(!checked.isValid(.string(bad)), "\(format) \(bad)")
        }
    }

    @Test func applicatorMessages() throws {
        let anyOf = try JSONSchema(["anyOf": [["type": "string"], ["type": "integer"]]])
        #expect(
            anyOf.validate(true).map(\.message) == [
                "must match at least one of the 2 schemas in anyOf (0: expected string, got boolean | 1: expected integer, got boolean)"
            ])
        let nested = try JSONSchema([
            "properties": ["a": ["oneOf": [["required": ["x"]], ["properties": ["y": ["type": "string"]]], false]]]
        ])
        #expect(
            nested.validate(["a": ["y": 1]]).map(\.description) == [
                "/a: must match exactly one of the 3 schemas in oneOf, matched none (0: missing required property 'x' | 1: /y: expected string, got integer | 2: no value is allowed here (the schema is false))"
            ])
        let oneOf = try JSONSchema(["oneOf": [["minimum": 0], ["maximum": 10]]])
        #expect(oneOf.validate(5).map(\.message) == ["must match exactly one schema in oneOf, matched 0 and 1"])
        let names = try JSONSchema(["propertyNames": ["maxLength": 3]])
        #expect(
            names.validate(["long": 1]).map(\.message) == [
                "property name 'long': must be at most 3 characters long, got 4"
            ])
        let tuple = try JSONSchema(["prefixItems": [["type": "string"]], "items": false])
        #expect(tuple.validate(["a", 1]).map(\.message) == ["must have at most 1 items, got 2"])
    }

    @Test func unevaluatedPropertiesSeeThroughApplicators() throws {
        let schema = try JSONSchema([
            "allOf": [["properties": ["a": true]]], "if": ["required": ["b"]], "then": ["properties": ["b": true]],
            "unevaluatedProperties": false,
        ])
        #expect(schema.isValid(["a": 1, "b": 2]))
        let errors = schema.validate(["a": 1, "c": 3])
        #expect(errors.map(\.instanceLocation) == ["/c"])
        // A member a failed branch evaluated is reported for that failure only, not as unevaluated too.
        let typed = try JSONSchema([
            "allOf": [["properties": ["a": ["type": "string"]]]], "unevaluatedProperties": false,
        ])
        #expect(typed.validate(["a": 1]).map(\.description) == ["/a: expected string, got integer"])
    }

    @Test func recursiveRefs() throws {
        let tree = try JSONSchema([
            "$id": "https://example.com/tree",
            "type": "object",
            "properties": ["value": ["type": "integer"], "children": ["type": "array", "items": ["$ref": "#"]]],
        ])
        let instance: JSONValue = ["value": 1, "children": [["value": 2, "children": [["value": "three"]]]]]
        #expect(tree.validate(instance).map(\.instanceLocation) == ["/children/0/children/0/value"])
    }

    @Test func refsToRegisteredDocuments() throws {
        var registry = SchemaRegistry()
        try registry.register(["$id": "https://example.com/name", "type": "string", "minLength": 1])
        let schema = try JSONSchema(
            ["properties": ["name": ["$ref": "https://example.com/name"]]], options: .init(registry: registry))
        #expect(schema.validate(["name": ""]).map(\.instanceLocation) == ["/name"])
    }

    static let invalidSchemas: [(JSONValue, String)] = [
        (["type": 5], "#/type"),
        (["minLength": -1], "#/minLength"),
        (["properties": ["a": ["required": "a"]]], "#/properties/a/required"),
        (["$ref": "#/$defs/missing"], "#/$ref"),
        (["items": ["$ref": "other.json"]], "#/items/$ref"),
        (["pattern": "(unclosed"], "#/pattern"),
        (["patternProperties": ["\\a": true]], "#/patternProperties"),
        (["allOf": []], "#/allOf"),
        (["properties": ["x": 3]], "#/properties/x"),
        (["items": [true, false]], "#/items"),
        (["$id": "https://example.com/s#part"], "#/$id"),
        (["$defs": ["a": ["$anchor": 7]]], "#/$defs/a/$anchor"),
        (["$defs": ["a": ["$ref": "https://example.com/elsewhere"]]], "#/$defs/a/$ref"),
    ]

    @Test(arguments: invalidSchemas)
    func invalidSchemasNameTheLocation(schema: JSONValue, location: String) {
        do {
            _ = try JSONSchema(schema)
            Issue.record("compiled \(schema.jsonText)")
        } catch {
            #expect(error.code == .invalidSchema)
            #expect(error.message.contains("at \(location):"), "\(error.message)")
        }
    }

    @Test func checkThrowsEveryErrorAsDetails() throws {
        let schema = try JSONSchema(Self.person)
        try schema.check(["name": "Ada"])
        do {
            try schema.check(["age": "old"], subject: "tool arguments")
            Issue.record("check passed an invalid instance")
        } catch {
            #expect(error.code == .schemaValidationFailed)
            #expect(error.message == "tool arguments does not match its schema (2 errors)")
            #expect(
                error.details == ["(root): missing required property 'name'", "/age: expected integer, got string"])
        }
    }

    @Test func booleanSchemas() throws {
        #expect(try JSONSchema(true).isValid(["anything": [1, 2]]))
        let never = try JSONSchema(false)
        #expect(never.validate(1).map(\.message) == ["no value is allowed here (the schema is false)"])
    }

    @Test func deepRefLoopIsAnErrorNotACrash() throws {
        let loop = try JSONSchema([
            "$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a",
        ])
        #expect(!loop.isValid(1))
        #expect(loop.validate(1).count == 1)
    }
}
