import SwitchyardCore

/// A node's work: read the state, return the writes to merge.
public typealias NodeAction<State: GraphState> = @Sendable (State, NodeContext) async throws -> Update<State>

/// A routing function: given the merged state after a step, where to go next.
public typealias Router<State: GraphState> = @Sendable (State) async throws -> [Target]

/// Builds a graph of nodes over a ``GraphState``; ``compile(checkpointer:name:)`` checks it and makes it runnable.
///
/// Nodes scheduled in the same step run concurrently; their writes merge in task order after the step, so the
/// result never depends on which finished first.
public struct StateGraph<State: GraphState>: Sendable {
    struct Node: Sendable {
        let name: String
        let action: NodeAction<State>
        let options: NodeOptions
    }

    struct ConditionalEdge: Sendable {
        let source: String
        let targets: [String]
        let route: Router<State>
    }

    var nodes: [String: Node] = [:]
    var nodeOrder: [String] = []
    var edges: [(from: String, to: String)] = []
    var conditionalEdges: [ConditionalEdge] = []
    var problems: [String] = []

    /// An empty graph over `State`.
    /// - Parameter state: The state type.
    public init(_ state: State.Type = State.self) {}

    /// Adds a node; the name must be unique and not start with `__`.
    /// - Parameters:
    ///   - name: The node's name.
    ///   - options: Its retry policy and timeout.
    ///   - action: Its work: reads the state, returns the writes.
    public mutating func addNode(
        _ name: String, options: NodeOptions = NodeOptions(), _ action: @escaping NodeAction<State>
    ) {
        if name.isEmpty || name.hasPrefix("__") {
            problems.append("node name '\(name)' is reserved or empty; pick a name not starting with '__'")
            return
        }
        if nodes[name] != nil {
            problems.append("node '\(name)' is added twice")
            return
        }
        nodes[name] = Node(name: name, action: action, options: options)
        nodeOrder.append(name)
    }

    /// After `from` finishes, `to` runs in the next step (``START`` and ``END`` allowed).
    /// - Parameters:
    ///   - from: The node that finishes (or ``START``).
    ///   - to: The node that runs next (or ``END``).
    public mutating func addEdge(from: String, to: String) {
        edges.append((from, to))
    }

    /// Makes `node` the entry: the same as `addEdge(from: START, to: node)`.
    /// - Parameter node: The first node.
    public mutating func setEntry(_ node: String) {
        addEdge(from: START, to: node)
    }

    /// After `from` finishes, `route` picks the next nodes among `targets` (which may include ``END``).
    /// Declaring the targets lets ``compile(checkpointer:name:)`` check reachability; a route returning
    /// anything else fails the run with `invalid_route`.
    /// - Parameters:
    ///   - from: The node that finishes.
    ///   - targets: Every node the router may return.
    ///   - route: Picks the next nodes from the state after the step.
    public mutating func addConditionalEdges(
        from: String, targets: [String], _ route: @escaping Router<State>
    ) {
        conditionalEdges.append(ConditionalEdge(source: from, targets: targets, route: route))
    }

    /// A conditional edge whose router returns a single target.
    /// - Parameters:
    ///   - from: The node that finishes.
    ///   - targets: Every node the router may return.
    ///   - route: Picks the next node from the state after the step.
    public mutating func addConditionalEdge(
        from: String, targets: [String], _ route: @escaping @Sendable (State) async throws -> Target
    ) {
        addConditionalEdges(from: from, targets: targets) { state in [try await route(state)] }
    }
}
