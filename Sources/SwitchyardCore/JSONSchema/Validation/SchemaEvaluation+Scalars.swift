extension SchemaEvaluation {
    /// multipleOf, minimum, maximum, exclusiveMinimum, exclusiveMaximum (non-numbers pass).
    func evaluateNumber(_ keyword: Keyword, _ value: JSONValue) -> Bool {
        switch value {
        case .int, .double: break
        default: return true
        }
        switch keyword {
        case .multipleOf(let divisor):
            if JSONNumber.isMultiple(value, of: divisor) { return true }
            fail("must be a multiple of \(divisor.text), got \(value.jsonText)", keyword: "multipleOf")
        case .minimum(let limit):
            if let c = JSONNumber.compare(value, limit), c >= 0 { return true }
            fail("must be at least \(limit.text), got \(value.jsonText)", keyword: "minimum")
        case .maximum(let limit):
            if let c = JSONNumber.compare(value, limit), c <= 0 { return true }
            fail("must be at most \(limit.text), got \(value.jsonText)", keyword: "maximum")
        case .exclusiveMinimum(let limit):
            if let c = JSONNumber.compare(value, limit), c > 0 { return true }
            fail("must be greater than \(limit.text), got \(value.jsonText)", keyword: "exclusiveMinimum")
        case .exclusiveMaximum(let limit):
            if let c = JSONNumber.compare(value, limit), c < 0 { return true }
            fail("must be less than \(limit.text), got \(value.jsonText)", keyword: "exclusiveMaximum")
        default:
            return true
        }
        return false
    }

    /// minLength, maxLength (in Unicode code points), pattern, format (non-strings pass).
    func evaluateString(_ keyword: Keyword, _ value: JSONValue) -> Bool {
        guard case .string(let text) = value else { return true }
        switch keyword {
        case .minLength(let minimum):
            // UTF-8 length bounds the code point count from above: a cheap early answer.
            if text.utf8.count >= minimum, text.unicodeScalars.count >= minimum { return true }
            fail(
                "must be at least \(minimum) characters long, got \(text.unicodeScalars.count)", keyword: "minLength")
        case .maxLength(let maximum):
            if text.utf8.count <= maximum || text.unicodeScalars.count <= maximum { return true }
            fail("must be at most \(maximum) characters long, got \(text.unicodeScalars.count)", keyword: "maxLength")
        case .pattern(let regex):
            if regex.matches(text) { return true }
            fail("must match the pattern \(MessageText.quote(regex.source))", keyword: "pattern")
        case .format(let name, let checker):
            if checker.check(text) { return true }
            fail("is not a valid \(name): \(Self.shorten(value.jsonText))", keyword: "format")
        default:
            return true
        }
        return false
    }
}
