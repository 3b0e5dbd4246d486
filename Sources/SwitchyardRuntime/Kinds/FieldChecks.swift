import SwitchyardCore

/// Small checks node kinds share (the built-in ones and the blueprints'), each producing a located problem.
public struct FieldChecks {
    /// The node being checked.
    public let node: NodeDefinition
    /// The problems found so far, in the order of the checks.
    public var problems: [WorkflowProblem] = []

    /// Starts the checks of `node` with one problem per field it has that is not in `allowed`.
    /// - Parameters:
    ///   - node: The node to check.
    ///   - allowed: The fields its kind takes.
    public init(_ node: NodeDefinition, allowed: Set<String>) {
        self.node = node
        for key in node.fields.keys.sorted() where !allowed.contains(key) {
            problems.append(
                WorkflowProblem(
                    node.location(of: key),
                    "node '\(node.name)' (\(node.kind)) has no field '\(key)'; it takes "
                        + allowed.sorted().joined(separator: ", ")))
        }
    }

    /// Requires a non-empty string field.
    /// - Parameters:
    ///   - key: The field.
    ///   - what: What it holds, for the problem's message.
    public mutating func requireString(_ key: String, _ what: String) {
        if node.string(key)?.isEmpty ?? true {
            problems.append(WorkflowProblem(node.location(of: key), "node '\(node.name)' needs '\(key)': \(what)"))
        }
    }

    /// Checks an optional integer field against a lower bound.
    /// - Parameters:
    ///   - key: The field.
    ///   - min: Its smallest allowed value.
    public mutating func optionalInt(_ key: String, min: Int) {
        guard let value = node.fields[key] else { return }
        guard let n = value.intValue, n >= min else {
            problems.append(
                WorkflowProblem(node.location(of: key), "'\(key)' must be an integer ≥ \(min), got \(value)"))
            return
        }
    }

    mutating func requireStrings(_ key: String, _ what: String) {
        guard let list = node.strings(key), !list.isEmpty else {
            problems.append(
                WorkflowProblem(node.location(of: key), "node '\(node.name)' needs '\(key)': a list of \(what)"))
            return
        }
    }

    mutating func prompt(in workflow: WorkflowDefinition, required: Bool) {
        if node.fields["prompt"] == nil {
            if required {
                problems.append(
                    WorkflowProblem(
                        node.location, "node '\(node.name)' needs a 'prompt' (a prompt file name or sections)"))
            }
        }
    }

    mutating func schema(_ key: String) {
        guard let schema = node.fields[key] else { return }
        do {
            _ = try JSONSchema(schema)
        } catch {
            problems.append(
                WorkflowProblem(node.location(of: key), "the schema in '\(key)' does not compile: \(error)"))
        }
    }
}

/// The end of the workflow, as targets spell it.
func target(_ name: String) -> String { WorkflowVariables.isEnd(name) ? "__end__" : name }
