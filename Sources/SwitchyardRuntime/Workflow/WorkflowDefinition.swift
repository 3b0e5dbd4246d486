import SwitchyardCore
import SwitchyardGraph

/// A workflow as loaded from its YAML file: checked, not yet bound to a run.
public struct WorkflowDefinition: Sendable {
    /// The workflow's name (what `switchyard run NAME` and `POST /v1/runs` take).
    public var name: String
    /// The author's version string (`version:` in the file).
    public var version: String
    public var description: String
    /// Where it came from: a path, or `builtin:NAME`.
    public var file: String
    /// SHA-256 of the file's text and of every prompt it uses: a run records it, so a deliverable can be traced to
    /// the exact workflow and prompts.
    public var hash: String
    /// A JSON Schema the run input must satisfy (`input:` in the file).
    public var inputSchema: JSONValue? {
        didSet { inputValidator = nil }
    }
    /// `inputSchema` compiled once at load (every submit validates against it).
    var inputValidator: JSONSchema? = nil
    /// State keys whose writes append (`state: {reviews: {reducer: append}}`).
    public var appendKeys: Set<String>
    /// The first node.
    public var entry: String
    /// The nodes in file order.
    public var nodes: [NodeDefinition]
    /// The prompts the nodes use, by name.
    public var prompts: [String: PromptTemplate]
    /// The most steps one run may take (`max_steps:`, default 200).
    public var maxSteps: Int
    /// When a run's checkpoints are written (`durability: sync | async | exit`, default `sync`), as LangGraph's
    /// `durability`: `async` commits each step's checkpoint while the next step runs, so a killed worker repeats at
    /// most the last finished step on takeover (a model call it made is replayed from the journal, not paid again).
    public var durability: Durability = .sync

    /// The node called `name`.
    /// - Parameter name: The node's name.
    public func node(_ name: String) -> NodeDefinition? { nodes.first { $0.name == name } }
}

/// One node of a workflow: its kind and its fields, as written.
public struct NodeDefinition: Sendable {
    public var name: String
    /// The node kind (`llm`, `router`, `retrieve`, `critic`, `approval`, `map`, `transform`, or a registered one).
    public var kind: String
    /// The node's fields except `kind` (a JSON object).
    public var fields: [String: JSONValue]
    /// Where each field is, for error messages.
    public var fieldLocations: [String: SourceLocation]
    public var location: SourceLocation

    /// A string field.
    /// - Parameter key: The field's name.
    public func string(_ key: String) -> String? { fields[key]?.stringValue }
    /// An integer field.
    /// - Parameter key: The field's name.
    public func int(_ key: String) -> Int? { fields[key]?.intValue }
    /// A list of strings.
    /// - Parameter key: The field's name.
    public func strings(_ key: String) -> [String]? {
        guard case .array(let items) = fields[key] else { return nil }
        let strings = items.compactMap(\.stringValue)
        return strings.count == items.count ? strings : nil
    }
    /// Where `key` is written (the node's own location when it is absent).
    /// - Parameter key: The field's name.
    public func location(of key: String) -> SourceLocation { fieldLocations[key] ?? location }
    /// The default successor (`next:`), with `end`/`END` meaning the end.
    public var next: String? { string("next") }
}
