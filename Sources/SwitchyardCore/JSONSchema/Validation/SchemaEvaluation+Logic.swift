extension SchemaEvaluation {
    /// allOf, anyOf, oneOf, not, if/then/else, $ref, $dynamicRef.
    func evaluateLogic(_ keyword: Keyword, _ value: JSONValue, _ annotations: inout Annotations?) -> Bool {
        switch keyword {
        case .allOf(let nodes):
            var valid = true
            for (i, node) in nodes.enumerated()
            where !evaluateInPlace(node, value, via: .key("allOf"), .index(i), into: &annotations) {
                valid = false
                if !reporting { return false }
            }
            return valid
        case .anyOf(let nodes):
            var matched = false
            quietly {
                for (i, node) in nodes.enumerated()
                where evaluateInPlace(node, value, via: .key("anyOf"), .index(i), into: &annotations) {
                    matched = true
                    if annotations == nil { break }  // the rest only matter for their annotations
                }
            }
            if !matched {
                let why = branchSummary(nodes, value, keyword: "anyOf")
                fail("must match at least one of the \(nodes.count) schemas in anyOf\(why)", keyword: "anyOf")
            }
            return matched
        case .oneOf(let nodes):
            var matched: [Int] = []
            quietly {
                for (i, node) in nodes.enumerated()
                where evaluateInPlace(node, value, via: .key("oneOf"), .index(i), into: &annotations) {
                    matched.append(i)
                    if matched.count > 1 { break }
                }
            }
            if matched.count == 1 { return true }
            let why = matched.isEmpty ? branchSummary(nodes, value, keyword: "oneOf") : ""
            fail(
                matched.isEmpty
                    ? "must match exactly one of the \(nodes.count) schemas in oneOf, matched none\(why)"
                    : "must match exactly one schema in oneOf, matched \(matched.map(String.init).joined(separator: " and "))",
                keyword: "oneOf")
            return false
        case .not(let node):
            var none: Annotations?
            let matched = quietly { evaluate(node, value, &none) }
            if matched { fail("must not match the schema in 'not'", keyword: "not") }
            return !matched
        case .conditional(let ifNode, let thenNode, let elseNode):
            if thenNode == nil && elseNode == nil && annotations == nil { return true }
            let condition = quietly { evaluateInPlace(ifNode, value, via: .key("if"), into: &annotations) }
            if condition, let thenNode {
                return evaluateInPlace(thenNode, value, via: .key("then"), into: &annotations)
            }
            if !condition, let elseNode {
                return evaluateInPlace(elseNode, value, via: .key("else"), into: &annotations)
            }
            return true
        case .ref(let node):
            return evaluateInPlace(node, value, via: .key("$ref"), into: &annotations)
        case .dynamicRef(let node, let anchor):
            var target = node
            if let anchor {
                for resource in dynamicScope {
                    if let found = program.resources[resource].dynamicAnchors[anchor] {
                        target = found
                        break
                    }
                }
            }
            return evaluateInPlace(target, value, via: .key("$dynamicRef"), into: &annotations)
        default:
            return true
        }
    }
}
