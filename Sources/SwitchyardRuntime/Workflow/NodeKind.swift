import SwitchyardCore
import SwitchyardGraph

/// A kind of workflow node: how its fields are checked, what it writes, where it may go, and what it does.
///
/// The built-in kinds are `llm`, `router`, `retrieve`, `critic`, `approval`, `map` and `transform`. A Swift user
/// adds a kind by conforming to this protocol and registering it (``NodeKindRegistry/register(_:)``); workflows
/// may then name it in `kind:`.
public protocol WorkflowNodeKind: Sendable {
    /// The name workflows use in `kind:`.
    var name: String { get }
    /// Problems with the node's fields (missing, wrong type, unknown), located.
    /// - Parameters:
    ///   - node: The node's definition: kind, fields and their locations.
    ///   - workflow: The workflow it is in.
    func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem]
    /// The state keys the node writes (so templates may read them).
    /// - Parameter node: The node's definition.
    func writes(_ node: NodeDefinition) -> Set<String>
    /// The nodes it may go to next (`end` for the end).
    /// - Parameter node: The node's definition.
    func successors(_ node: NodeDefinition) -> [String]
    /// The templates the node renders, for the variable check.
    /// - Parameters:
    ///   - node: The node's definition.
    ///   - workflow: The workflow it is in.
    func templates(
        _ node: NodeDefinition, in workflow: WorkflowDefinition
    ) -> [(text: String, location: SourceLocation)]
    /// Variables only this node's templates see (a map item, say).
    /// - Parameter node: The node's definition.
    func localVariables(_ node: NodeDefinition) -> Set<String>
    /// Whether a loop through this node is bounded by it (a critic's revision limit, a person).
    var boundsLoops: Bool { get }
    /// Runs the node once.
    /// - Parameters:
    ///   - node: The node's definition.
    ///   - input: The run's state, services and context.
    /// - Throws: The kind's errors (a model call, a template, an `interrupt`); they fail the run.
    func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput
}

extension WorkflowNodeKind {
    public func templates(
        _ node: NodeDefinition, in workflow: WorkflowDefinition
    ) -> [(text: String, location: SourceLocation)] {
        promptTemplates(node, in: workflow)
    }
    public func localVariables(_ node: NodeDefinition) -> Set<String> { ["item"] }
    public var boundsLoops: Bool { false }
    public func successors(_ node: NodeDefinition) -> [String] { node.next.map { [$0] } ?? [] }

    /// The sections of the node's prompt, located at its `prompt:` field.
    /// - Parameters:
    ///   - node: The node's definition.
    ///   - workflow: The workflow it is in.
    public func promptTemplates(
        _ node: NodeDefinition, in workflow: WorkflowDefinition
    ) -> [(text: String, location: SourceLocation)] {
        guard let prompt = workflow.prompt(for: node) else { return [] }
        return prompt.sections.map { ($0, node.location(of: "prompt")) }
    }
}

/// What a node sees when it runs.
public struct NodeInput: Sendable {
    /// The run's state at the start of the step.
    public var state: WorkflowState
    /// The graph's context: tenant, thread, task id, interrupts.
    public var context: NodeContext
    /// Models, retrieval, the store.
    public var services: RunServices
    /// The workflow it belongs to.
    public var workflow: WorkflowDefinition
    /// The item a `map` sent this task, if any.
    public var item: JSONValue?

    /// The variables templates see: the state, the input, the run, the item.
    public var variables: JSONValue {
        guard case .object(var object) = state.json else { return state.json }
        if case .object(let input) = state.values["input"] ?? .null {
            for (key, value) in input where object[key] == nil { object[key] = value }
        }
        object["tenant"] = .string(services.tenant.rawValue)
        object["run_id"] = .string(services.runID)
        if object["feedback"] == nil { object["feedback"] = .string("") }
        if let item { object["item"] = item }
        return .object(object)
    }
}

/// What a node returns: the state keys it sets and, when it chooses, where the run goes next.
public struct NodeOutput: Sendable {
    /// Keys to set (append keys get the value appended).
    public var writes: [(key: String, value: JSONValue)]
    /// The next nodes; `nil` goes to the node's `next:`.
    public var goto: [Target]?

    /// A node's output.
    /// - Parameters:
    ///   - writes: Keys to set (append keys get the value appended).
    ///   - goto: The next nodes; nil goes to the node's `next:`.
    public init(writes: [(key: String, value: JSONValue)] = [], goto: [Target]? = nil) {
        self.writes = writes
        self.goto = goto
    }
}

/// The node kinds a loader knows.
public struct NodeKindRegistry: Sendable {
    private var kinds: [String: any WorkflowNodeKind] = [:]

    /// A registry of `kinds`.
    /// - Parameter kinds: The kinds, by their names (a later one replaces an earlier one of the same name).
    public init(_ kinds: [any WorkflowNodeKind] = []) {
        for kind in kinds { self.kinds[kind.name] = kind }
    }

    /// The built-in kinds.
    public static var builtin: NodeKindRegistry {
        NodeKindRegistry([
            LLMNodeKind(), RouterNodeKind(), RetrieveNodeKind(), CriticNodeKind(), ApprovalNodeKind(),
            MapNodeKind(), TransformNodeKind(),
        ])
    }

    /// Adds (or replaces) a kind.
    /// - Parameter kind: The kind, registered under its name.
    public mutating func register(_ kind: any WorkflowNodeKind) { kinds[kind.name] = kind }

    /// The kind called `name`.
    /// - Parameter name: The kind's name.
    public func kind(_ name: String) -> (any WorkflowNodeKind)? { kinds[name] }

    /// Every kind's name, sorted.
    public var names: [String] { kinds.keys.sorted() }
}

extension WorkflowDefinition {
    /// The prompt a node uses (`prompt: NAME` or inline), if any.
    /// - Parameter node: A node of this workflow.
    public func prompt(for node: NodeDefinition) -> PromptTemplate? {
        switch node.fields["prompt"] {
        case .string(let name)?: return prompts[name]
        case .object?: return prompts["\(name).\(node.name)"]
        default: return nil
        }
    }
}
