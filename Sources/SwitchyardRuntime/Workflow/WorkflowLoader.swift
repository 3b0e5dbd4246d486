import Foundation
import SwitchyardCore
import SwitchyardGraph

/// Reads workflow and prompt files and checks them, reporting every problem at once with file, line and column
/// (unknown node kind, edge to a missing node, undefined template variable, schema that does not compile, loop
/// without a bound).
public struct WorkflowLoader: Sendable {
    /// The node kinds workflows may name (the built-in ones plus those a Swift user registered).
    public var kinds: NodeKindRegistry

    /// A loader for workflows of `kinds`.
    /// - Parameter kinds: The node kinds workflows may name.
    public init(kinds: NodeKindRegistry = .builtin) { self.kinds = kinds }

    /// Loads one workflow from `text`. `prompts` resolves `prompt: NAME` references (from `prompts/NAME.yaml`).
    /// - Parameters:
    ///   - text: The workflow's YAML.
    ///   - file: Its path, for locations in errors.
    ///   - prompts: Prompt files by name: their text and path.
    /// - Throws: `invalid_workflow` with every problem in `details`.
    public func load(
        text: String, file: String, prompts: [String: (text: String, file: String)] = [:]
    ) throws -> WorkflowDefinition {
        var problems: [WorkflowProblem] = []
        let definition = parse(text: text, file: file, prompts: prompts, problems: &problems)
        guard let definition, problems.isEmpty else {
            throw SwitchyardError(
                code: .invalidWorkflow,
                message: "\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s"); fix them and load again",
                details: problems.map(\.description))
        }
        return definition
    }

    func parse(
        text: String, file: String, prompts promptFiles: [String: (text: String, file: String)],
        problems: inout [WorkflowProblem]
    ) -> WorkflowDefinition? {
        let root: YAMLCursor
        switch YAMLCursor.parse(text, file: file) {
        case .success(let cursor): root = cursor
        case .failure(let problem):
            problems.append(problem)
            return nil
        }
        guard let entries = root.entries else {
            problems.append(WorkflowProblem(root.location, "a workflow must be a mapping with 'name' and 'nodes'"))
            return nil
        }
        let known: Set = [
            "name", "version", "description", "input", "state", "entry", "nodes", "max_steps", "durability",
        ]
        for entry in entries where !known.contains(entry.key) {
            problems.append(
                WorkflowProblem(
                    entry.keyLocation,
                    "unknown field '\(entry.key)'; a workflow has name, version, description, input, state, entry, "
                        + "nodes, max_steps, durability"))
        }
        guard let name = root["name"]?.string, !name.isEmpty else {
            problems.append(WorkflowProblem(root.location, "the workflow needs a 'name'"))
            return nil
        }
        var inputSchema: JSONValue?
        var inputValidator: JSONSchema?
        if let input = root["input"] {
            inputSchema = input.json
            do {
                inputValidator = try JSONSchema(input.json)
            } catch {
                problems.append(WorkflowProblem(input.location, "the input schema does not compile: \(error)"))
            }
        }
        var appendKeys: Set<String> = []
        var declaredKeys: Set<String> = []
        for entry in root["state"]?.entries ?? [] {
            declaredKeys.insert(entry.key)
            switch entry.value["reducer"]?.string {
            case "append": appendKeys.insert(entry.key)
            case nil, "replace": break
            case let other?:
                problems.append(
                    WorkflowProblem(
                        entry.value.location, "reducer '\(other)' is unknown; use 'replace' (default) or 'append'"))
            }
        }
        var nodes: [NodeDefinition] = []
        var inlinePrompts: [String: YAMLCursor] = [:]
        guard let nodeEntries = root["nodes"]?.entries, !nodeEntries.isEmpty else {
            problems.append(WorkflowProblem(root.location, "the workflow needs 'nodes', a mapping of node name → node"))
            return nil
        }
        for entry in nodeEntries {
            guard let fieldsCursor = entry.value.entries else {
                problems.append(WorkflowProblem(entry.value.location, "node '\(entry.key)' must be a mapping"))
                continue
            }
            guard let kind = entry.value["kind"]?.string else {
                problems.append(
                    WorkflowProblem(
                        entry.keyLocation,
                        "node '\(entry.key)' needs a 'kind' (\(kinds.names.joined(separator: ", ")))"))
                continue
            }
            var fields: [String: JSONValue] = [:]
            var locations: [String: SourceLocation] = [:]
            for field in fieldsCursor where field.key != "kind" {
                fields[field.key] = field.value.json
                locations[field.key] = field.value.location
                if field.key == "prompt", field.value.entries != nil { inlinePrompts[entry.key] = field.value }
            }
            nodes.append(
                NodeDefinition(
                    name: entry.key, kind: kind, fields: fields, fieldLocations: locations, location: entry.keyLocation)
            )
        }
        var prompts: [String: PromptTemplate] = [:]
        var definition = WorkflowDefinition(
            name: name, version: root["version"]?.string ?? "1", description: root["description"]?.string ?? "",
            file: file, hash: "", inputSchema: inputSchema, appendKeys: appendKeys,
            entry: root["entry"]?.string ?? nodes.first?.name ?? "", nodes: nodes, prompts: [:],
            maxSteps: root["max_steps"]?.int ?? 200)
        definition.inputValidator = inputValidator
        if let durability = root["durability"] {
            switch durability.string {
            case "sync": definition.durability = .sync
            case "async": definition.durability = .async
            case "exit": definition.durability = .exit
            default:
                problems.append(
                    WorkflowProblem(
                        durability.location,
                        "durability '\(durability.string ?? "?")' is unknown; use 'sync' (default: each step durable "
                            + "before the next), 'async' (written while the next step runs) or 'exit' (when the run "
                            + "stops)"))
            }
        }
        if let entryCursor = root["entry"], definition.node(definition.entry) == nil {
            problems.append(WorkflowProblem(entryCursor.location, "entry '\(definition.entry)' is not a node"))
        }
        // Prompts: inline mappings or references to prompt files.
        for node in nodes {
            guard let reference = node.fields["prompt"] else { continue }
            switch reference {
            case .string(let promptName):
                guard let source = promptFiles[promptName] else {
                    problems.append(
                        WorkflowProblem(
                            node.location(of: "prompt"),
                            "prompt '\(promptName)' not found; add prompts/\(promptName).yaml or write it inline"))
                    continue
                }
                if prompts[promptName] != nil { continue }
                switch YAMLCursor.parse(source.text, file: source.file) {
                case .success(let cursor):
                    if let template = PromptTemplate.parse(
                        cursor, name: promptName, text: source.text, problems: &problems)
                    {
                        prompts[promptName] = template
                    }
                case .failure(let problem): problems.append(problem)
                }
            case .object:
                let inlineName = "\(name).\(node.name)"
                guard let cursor = inlinePrompts[node.name] else { continue }
                let inlineText = (try? JSONCoding.encoder.encode(reference)).map { String(decoding: $0, as: UTF8.self) }
                if let template = PromptTemplate.parse(
                    cursor, name: inlineName, text: inlineText ?? "", problems: &problems)
                {
                    prompts[inlineName] = template
                }
            default:
                problems.append(
                    WorkflowProblem(
                        node.location(of: "prompt"), "'prompt' is a prompt file name or a mapping of sections"))
            }
        }
        definition.prompts = prompts
        // Node kinds check their own fields; then the graph is checked as a whole.
        let inputKeys = Set(inputSchema?["properties"]?.objectKeys ?? [])
        var defined = declaredKeys.union(inputKeys).union(WorkflowVariables.always)
        for node in nodes { defined.formUnion(kinds.kind(node.kind)?.writes(node) ?? []) }
        for node in nodes {
            guard let kind = kinds.kind(node.kind) else {
                problems.append(
                    WorkflowProblem(
                        node.location, "unknown node kind '\(node.kind)'; use \(kinds.names.joined(separator: ", "))"))
                continue
            }
            problems += kind.check(node, in: definition)
            for target in kind.successors(node) where !WorkflowVariables.isEnd(target) && definition.node(target) == nil
            {
                problems.append(
                    WorkflowProblem(node.location, "node '\(node.name)' goes to '\(target)', which is not a node"))
            }
            for template in kind.templates(node, in: definition) {
                if let reason = TemplateRenderer.check(template.text) {
                    problems.append(WorkflowProblem(template.location, reason))
                    continue
                }
                for variable in TemplateRenderer.topLevelVariables(template.text)
                where !defined.contains(variable) && !kind.localVariables(node).contains(variable) {
                    problems.append(
                        WorkflowProblem(
                            template.location,
                            "template variable '\(variable)' is not defined: not an input property, a declared state "
                                + "key or a node's output"))
                }
            }
        }
        problems += Self.unboundedLoops(definition, kinds: kinds)
        var hashText = text
        for prompt in prompts.keys.sorted() { hashText += "\u{0}" + (prompts[prompt]?.hash ?? "") }
        definition.hash = Digest.sha256(hashText)
        return definition
    }

    /// Every cycle must pass through a node that bounds it (a critic's revision limit, a person's approval):
    /// otherwise a run could loop until its step limit.
    static func unboundedLoops(_ workflow: WorkflowDefinition, kinds: NodeKindRegistry) -> [WorkflowProblem] {
        var edges: [String: [String]] = [:]
        for node in workflow.nodes {
            guard let kind = kinds.kind(node.kind), !kind.boundsLoops else { continue }
            edges[node.name] = kind.successors(node).filter { !WorkflowVariables.isEnd($0) }
        }
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var problems: [WorkflowProblem] = []
        func visit(_ name: String, _ path: [String]) {
            state[name] = 1
            for next in edges[name] ?? [] where edges[next] != nil {
                if state[next] == 1 {
                    let loop = path.drop { $0 != next } + [name, next]
                    let location =
                        workflow.node(next)?.location ?? SourceLocation(file: workflow.file, line: 1, column: 1)
                    problems.append(
                        WorkflowProblem(
                            location,
                            "loop without a bound: \(loop.joined(separator: " → ")); route it through a critic "
                                + "(max_revisions) or an approval"))
                } else if state[next] == nil {
                    visit(next, path + [name])
                }
            }
            state[name] = 2
        }
        for node in workflow.nodes where edges[node.name] != nil && state[node.name] == nil { visit(node.name, []) }
        return problems
    }
}

/// Names every template may use, and how the end is spelled.
enum WorkflowVariables {
    /// Always defined: the run's input as a whole, the tenant, the run id, and the last approver's or critic's
    /// feedback.
    static let always: Set<String> = ["input", "tenant", "run_id", "feedback"]

    static func isEnd(_ name: String) -> Bool { name == "end" || name == "END" || name == "__end__" }
}

extension JSONValue {
    var objectKeys: [String]? {
        guard case .object(let object) = self else { return nil }
        return Array(object.keys)
    }
}
