import SwitchyardCore

/// Small checks node kinds share, each producing a located problem.
struct FieldChecks {
    let node: NodeDefinition
    var problems: [WorkflowProblem] = []

    init(_ node: NodeDefinition, allowed: Set<String>) {
        self.node = node
        for key in node.fields.keys.sorted() where !allowed.contains(key) {
            problems.append(
                WorkflowProblem(
                    node.location(of: key),
                    "node '\(node.name)' (\(node.kind)) has no field '\(key)'; it takes "
                        + allowed.sorted().joined(separator: ", ")))
        }
    }

    mutating func requireString(_ key: String, _ what: String) {
        if node.string(key)?.isEmpty ?? true {
            problems.append(WorkflowProblem(node.location(of: key), "node '\(node.name)' needs '\(key)': \(what)"))
        }
    }

    mutating func optionalInt(_ key: String, min: Int) {
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
