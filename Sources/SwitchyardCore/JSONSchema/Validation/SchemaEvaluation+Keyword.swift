extension SchemaEvaluation {
    /// Evaluates one keyword of a node against `value`.
    func evaluate(_ keyword: Keyword, _ value: JSONValue, _ annotations: inout Annotations?) -> Bool {
        switch keyword {
        case .type(let types):
            if types.matches(value) { return true }
            fail("expected \(types.description), got \(JSONTypeSet.name(of: value))", keyword: "type")
            return false
        case .enumeration(let values):
            if values.contains(where: { JSONEquality.equal($0, value) }) { return true }
            fail("must be one of \(Self.list(values))", keyword: "enum")
            return false
        case .constant(let expected):
            if JSONEquality.equal(expected, value) { return true }
            fail("must be \(Self.shorten(expected.jsonText))", keyword: "const")
            return false
        case .multipleOf, .minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum:
            return evaluateNumber(keyword, value)
        case .minLength, .maxLength, .pattern, .format:
            return evaluateString(keyword, value)
        case .minItems, .maxItems, .uniqueItems, .items, .contains, .unevaluatedItems:
            return evaluateArray(keyword, value, &annotations)
        case .minProperties, .maxProperties, .required, .dependentRequired, .properties, .propertyNames,
            .dependentSchemas, .unevaluatedProperties:
            return evaluateObject(keyword, value, &annotations)
        case .allOf, .anyOf, .oneOf, .not, .conditional, .ref, .dynamicRef:
            return evaluateLogic(keyword, value, &annotations)
        }
    }

    static func list(_ values: [JSONValue]) -> String {
        shorten(values.map(\.jsonText).joined(separator: ", "))
    }

    static func shorten(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(117)) + "…" : text
    }
}
