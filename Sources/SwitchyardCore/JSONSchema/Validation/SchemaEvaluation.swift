/// One validation run: walks the instance through the compiled nodes, keeping the paths and dynamic scope.
///
/// With `reportErrors` off it answers valid/invalid and stops at the first failure; with it on it collects
/// every failure with its instance and keyword locations. Subschemas whose failures are not failures of the
/// whole (anyOf branches, `not`, `if`, `contains`) run quietly either way.
final class SchemaEvaluation {
    let program: SchemaProgram
    let reportErrors: Bool
    private(set) var errors: [SchemaError] = []
    /// Above zero while inside a subschema whose errors are not reported.
    var quiet = 0
    var instancePath: [PathToken] = []
    var keywordPath: [PathToken] = []
    /// Resources entered, outermost first: where `$dynamicRef` looks for `$dynamicAnchor`s.
    var dynamicScope: [Int] = []
    private var depth = 0
    private var summarizing = false
    private let tracksDynamicScope: Bool

    static let maximumDepth = 400

    init(program: SchemaProgram, reportErrors: Bool) {
        self.program = program
        self.reportErrors = reportErrors
        self.tracksDynamicScope = program.usesDynamicScope
    }

    /// Whether failures are being recorded right now.
    var reporting: Bool { reportErrors && quiet == 0 }

    func evaluateRoot(_ instance: JSONValue) -> Bool {
        var none: Annotations?
        return evaluate(program.root, instance, &none)
    }

    /// Evaluates a node against `value`; merges the node's annotations into `annotations` when it passes and
    /// the caller collects them.
    func evaluate(_ index: Int, _ value: JSONValue, _ annotations: inout Annotations?) -> Bool {
        let node = program.nodes[index]
        switch node.body {
        case .alwaysValid:
            return true
        case .alwaysInvalid:
            fail("no value is allowed here (the schema is false)")
            return false
        case .keywords(let keywords):
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maximumDepth else {
                fail("schema nesting exceeds \(Self.maximumDepth) levels (a $ref loop?)")
                return false
            }
            let entersResource = tracksDynamicScope && dynamicScope.last != node.resource
            if entersResource { dynamicScope.append(node.resource) }
            defer { if entersResource { dynamicScope.removeLast() } }
            var local: Annotations? = annotations != nil || node.collectsAnnotations ? Annotations() : nil
            var valid = true
            for keyword in keywords where !evaluate(keyword, value, &local) {
                valid = false
                if !reporting { break }
            }
            // A failed node's annotations are dropped, except while reporting: the instance is invalid anyway, and
            // keeping them spares `unevaluatedProperties` errors about members that did get evaluated.
            if valid || reporting, let local, annotations != nil { annotations!.merge(local) }
            return valid
        }
    }

    /// Whether a node is the `false` schema (for clearer messages than "no value is allowed").
    func isFalse(_ index: Int) -> Bool {
        if case .alwaysInvalid = program.nodes[index].body { return true }
        return false
    }

    // MARK: Paths

    /// Evaluates a node against a member or element of the instance.
    func evaluateChild(
        _ index: Int, _ value: JSONValue, at token: PathToken, via first: PathToken, _ second: PathToken? = nil
    )
        -> Bool
    {
        let report = reporting
        if report { push(token, first, second) }
        var none: Annotations?
        let valid = evaluate(index, value, &none)
        if report { pop(second) }
        return valid
    }

    /// Evaluates a node against the same instance (an in-place applicator), passing annotations through.
    func evaluateInPlace(
        _ index: Int, _ value: JSONValue, via first: PathToken, _ second: PathToken? = nil,
        into annotations: inout Annotations?
    ) -> Bool {
        let report = reporting
        if report { push(nil, first, second) }
        let valid = evaluate(index, value, &annotations)
        if report { pop(second, instance: false) }
        return valid
    }

    private func push(_ token: PathToken?, _ first: PathToken, _ second: PathToken?) {
        if let token { instancePath.append(token) }
        keywordPath.append(first)
        if let second { keywordPath.append(second) }
    }

    private func pop(_ second: PathToken?, instance: Bool = true) {
        if instance { instancePath.removeLast() }
        keywordPath.removeLast(second == nil ? 1 : 2)
    }

    // MARK: Failures

    /// Records a failure at the current instance location, for `keyword` under the current keyword path.
    func fail(_ message: @autoclosure () -> String, keyword: String? = nil, at token: PathToken? = nil) {
        guard reporting else { return }
        var location = keywordPath.pointer
        if let keyword { location += "/" + JSONPointer.escape(keyword) }
        var instance = instancePath.pointer
        if let token { instance += "/" + token.escaped }
        errors.append(SchemaError(instanceLocation: instance, keywordLocation: location, message: message()))
    }

    /// Runs `body` with reporting off (for subschemas whose failures are not errors of the whole).
    func quietly<T>(_ body: () -> T) -> T {
        quiet += 1
        defer { quiet -= 1 }
        return body()
    }

    /// Evaluates each branch with reporting on and takes its errors back out, for a summary message that says
    /// why no branch of anyOf/oneOf matched.
    func branchSummary(_ nodes: [Int], _ value: JSONValue, keyword: String) -> String {
        // One level only: summaries inside summaries would re-evaluate nested branches exponentially.
        guard reporting, !summarizing else { return "" }
        summarizing = true
        defer { summarizing = false }
        let here = instancePath.pointer
        var parts: [String] = []
        for (i, node) in nodes.enumerated() {
            let start = errors.count
            var none: Annotations?
            keywordPath.append(.key(keyword))
            keywordPath.append(.index(i))
            _ = evaluate(node, value, &none)
            keywordPath.removeLast(2)
            let found = errors[start...].prefix(3).map { error in
                error.instanceLocation == here
                    ? error.message : "\(error.instanceLocation.dropFirst(here.count)): \(error.message)"
            }
            let more = errors.count - start > 3 ? "; …" : ""
            errors.removeSubrange(start...)
            parts.append("\(i): " + found.joined(separator: "; ") + more)
        }
        return " (" + parts.joined(separator: " | ") + ")"
    }

    /// Rewrites the messages of errors recorded since `start` (for `propertyNames`).
    func prefixErrors(since start: Int, with prefix: String) {
        for i in start..<errors.count { errors[i].message = prefix + errors[i].message }
    }
}
