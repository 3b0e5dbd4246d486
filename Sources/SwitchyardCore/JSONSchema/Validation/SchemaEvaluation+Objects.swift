extension SchemaEvaluation {
    /// The object keywords (non-objects pass).
    func evaluateObject(_ keyword: Keyword, _ value: JSONValue, _ annotations: inout Annotations?) -> Bool {
        guard case .object(let members) = value else { return true }
        switch keyword {
        case .minProperties(let minimum):
            if members.count >= minimum { return true }
            fail("must have at least \(minimum) properties, got \(members.count)", keyword: "minProperties")
            return false
        case .maxProperties(let maximum):
            if members.count <= maximum { return true }
            fail("must have at most \(maximum) properties, got \(members.count)", keyword: "maxProperties")
            return false
        case .required(let names):
            var valid = true
            for name in names where members[name] == nil {
                valid = false
                guard reporting else { break }
                fail("missing required property \(MessageText.quote(name))", keyword: "required")
            }
            return valid
        case .dependentRequired(let rules):
            var valid = true
            for rule in rules where members[rule.property] != nil {
                for name in rule.required where members[name] == nil {
                    valid = false
                    guard reporting else { return false }
                    fail(
                        "missing property \(MessageText.quote(name)), required when \(MessageText.quote(rule.property)) is present",
                        keyword: "dependentRequired")
                }
            }
            return valid
        case .properties(let applicator):
            return evaluateProperties(applicator, members, &annotations)
        case .propertyNames(let node):
            var valid = true
            for name in orderedKeys(members) {
                let start = errors.count
                var none: Annotations?
                if reporting { keywordPath.append(.key("propertyNames")) }
                let ok = evaluate(node, .string(name), &none)
                if reporting { keywordPath.removeLast() }
                if !ok {
                    valid = false
                    guard reporting else { return false }
                    prefixErrors(since: start, with: "property name \(MessageText.quote(name)): ")
                }
            }
            return valid
        case .dependentSchemas(let rules):
            var valid = true
            for rule in rules where members[rule.property] != nil {
                if !evaluateInPlace(
                    rule.node, value, via: .key("dependentSchemas"), .key(rule.property), into: &annotations)
                {
                    valid = false
                    guard reporting else { return false }
                }
            }
            return valid
        case .unevaluatedProperties(let node):
            var valid = true
            let evaluated = annotations ?? Annotations()
            for name in orderedKeys(members) where !evaluated.evaluated(property: name) {
                if isFalse(node) {
                    valid = false
                    fail(
                        "property \(MessageText.quote(name)) is not allowed here", keyword: "unevaluatedProperties",
                        at: .key(name))
                } else if !evaluateChild(node, members[name]!, at: .key(name), via: .key("unevaluatedProperties")) {
                    valid = false
                }
                if !valid && !reporting { return false }
            }
            annotations?.allProperties = true
            return valid
        default:
            return true
        }
    }

    /// properties, patternProperties and additionalProperties together.
    private func evaluateProperties(
        _ applicator: PropertyApplicator, _ members: [String: JSONValue], _ annotations: inout Annotations?
    ) -> Bool {
        var valid = true
        if reporting {
            for name in members.keys.sorted() {
                valid = evaluateProperty(name, members[name]!, applicator, &annotations) && valid
            }
        } else {
            for (name, member) in members where !evaluateProperty(name, member, applicator, &annotations) {
                return false
            }
        }
        if applicator.additional != nil { annotations?.allProperties = true }
        return valid
    }

    /// One member against the property, pattern and additional schemas that apply to it.
    private func evaluateProperty(
        _ name: String, _ member: JSONValue, _ applicator: PropertyApplicator, _ annotations: inout Annotations?
    ) -> Bool {
        var valid = true
        var matched = false
        if let node = applicator.propertyLookup[name] {
            matched = true
            if !evaluateChild(node, member, at: .key(name), via: .key("properties"), .key(name)) {
                valid = false
                if !reporting { return false }
            }
        }
        for (regex, node) in applicator.patterns where regex.matches(name) {
            matched = true
            if !evaluateChild(node, member, at: .key(name), via: .key("patternProperties"), .key(regex.source)) {
                valid = false
                if !reporting { return false }
            }
        }
        if matched {
            annotations?.properties.insert(name)
        } else if let additional = applicator.additional {
            if isFalse(additional) {
                fail(
                    "property \(MessageText.quote(name)) is not allowed", keyword: "additionalProperties",
                    at: .key(name))
                return false
            }
            valid = evaluateChild(additional, member, at: .key(name), via: .key("additionalProperties")) && valid
        }
        return valid
    }

    /// Member names, sorted when reporting so errors come out in a stable order.
    func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        reporting ? members.keys.sorted() : Array(members.keys)
    }
}
