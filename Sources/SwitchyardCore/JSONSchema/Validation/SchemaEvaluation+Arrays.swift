extension SchemaEvaluation {
    /// The array keywords (non-arrays pass).
    func evaluateArray(_ keyword: Keyword, _ value: JSONValue, _ annotations: inout Annotations?) -> Bool {
        guard case .array(let items) = value else { return true }
        switch keyword {
        case .minItems(let minimum):
            if items.count >= minimum { return true }
            fail("must have at least \(minimum) items, got \(items.count)", keyword: "minItems")
            return false
        case .maxItems(let maximum):
            if items.count <= maximum { return true }
            fail("must have at most \(maximum) items, got \(items.count)", keyword: "maxItems")
            return false
        case .uniqueItems:
            guard let (first, second) = Self.duplicate(in: items) else { return true }
            fail("items must be unique, but items \(first) and \(second) are equal", keyword: "uniqueItems")
            return false
        case .items(let prefix, let rest):
            return evaluateItems(items, prefix: prefix, rest: rest, &annotations)
        case .contains(let node, let minimum, let maximum):
            return evaluateContains(items, node: node, minimum: minimum, maximum: maximum, &annotations)
        case .unevaluatedItems(let node):
            var valid = true
            let evaluated = annotations ?? Annotations()
            for (i, item) in items.enumerated() where !evaluated.evaluated(item: i) {
                if isFalse(node) {
                    valid = false
                    fail("item \(i) is not allowed here", keyword: "unevaluatedItems", at: .index(i))
                } else if !evaluateChild(node, item, at: .index(i), via: .key("unevaluatedItems")) {
                    valid = false
                }
                if !valid && !reporting { return false }
            }
            annotations?.allItems = true
            return valid
        default:
            return true
        }
    }

    /// prefixItems, then items for the rest.
    private func evaluateItems(
        _ items: [JSONValue], prefix: [Int], rest: Int?, _ annotations: inout Annotations?
    )
        -> Bool
    {
        var valid = true
        let prefixed = min(prefix.count, items.count)
        for i in 0..<prefixed
        where !evaluateChild(prefix[i], items[i], at: .index(i), via: .key("prefixItems"), .index(i)) {
            valid = false
            if !reporting { return false }
        }
        if let count = annotations?.prefixCount, count < prefixed { annotations?.prefixCount = prefixed }
        guard let rest, items.count > prefix.count else { return valid }
        if isFalse(rest) {
            fail(
                prefix.isEmpty
                    ? "must be empty, got \(items.count) items"
                    : "must have at most \(prefix.count) items, got \(items.count)", keyword: "items")
            return false
        }
        for i in prefix.count..<items.count where !evaluateChild(rest, items[i], at: .index(i), via: .key("items")) {
            valid = false
            if !reporting { return false }
        }
        annotations?.allItems = true
        return valid
    }

    private func evaluateContains(
        _ items: [JSONValue], node: Int, minimum: Int, maximum: Int?, _ annotations: inout Annotations?
    ) -> Bool {
        var matches = 0
        quietly {
            for (i, item) in items.enumerated() {
                var none: Annotations?
                guard evaluate(node, item, &none) else { continue }
                matches += 1
                annotations?.containsIndices.insert(i)
                if annotations == nil && maximum == nil && matches >= minimum { break }
                if annotations == nil, let maximum, matches > maximum { break }
            }
        }
        if matches < minimum {
            fail(
                minimum == 1
                    ? "must contain an item that matches 'contains'"
                    : "must contain at least \(minimum) items that match 'contains', got \(matches)",
                keyword: minimum == 1 ? "contains" : "minContains")
            return false
        }
        if let maximum, matches > maximum {
            fail(
                "must contain at most \(maximum) items that match 'contains', got \(matches)", keyword: "maxContains")
            return false
        }
        return true
    }

    /// The first pair of equal items, by JSON equality.
    static func duplicate(in items: [JSONValue]) -> (Int, Int)? {
        if items.count <= 16 {
            for i in items.indices {
                for j in (i + 1)..<items.count where JSONEquality.equal(items[i], items[j]) { return (i, j) }
            }
            return nil
        }
        var seen: [JSONEqualityKey: Int] = [:]
        for (j, item) in items.enumerated() {
            if let i = seen[JSONEqualityKey(value: item)] { return (i, j) }
            seen[JSONEqualityKey(value: item)] = j
        }
        return nil
    }
}
