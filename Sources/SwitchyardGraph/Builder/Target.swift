import SwitchyardCore

/// The name of the virtual node a graph starts from: `addEdge(from: START, to: "plan")`.
public let START = "__start__"
/// The name of the virtual node a graph ends at: `addEdge(from: "publish", to: END)`.
public let END = "__end__"

/// Where a routing function sends the run next: a node, the end, or a node with its own argument (map).
public struct Target: Sendable, Hashable {
    /// The node to run (``END`` for the end).
    public let node: String
    /// The argument of a `send`, which the node reads with ``NodeContext/argument(_:)``.
    public let argument: JSONValue?

    /// Runs `node` next.
    /// - Parameter name: The node's name (or ``END``).
    public static func node(_ name: String) -> Target { Target(node: name, argument: nil) }

    /// Ends this branch.
    public static var end: Target { Target(node: END, argument: nil) }

    /// Runs one task of `node` with its own argument, like LangGraph's `Send`: return several to map over
    /// a list; each runs concurrently in the next step and their writes merge through the reducers.
    /// - Parameters:
    ///   - node: The node to run.
    ///   - argument: Its argument, stored as JSON.
    /// - Throws: The encoding error when `argument` does not encode as JSON.
    public static func send(_ node: String, _ argument: some Encodable) throws -> Target {
        Target(node: node, argument: try JSONValue(encoding: argument))
    }

    /// A `send` with a JSON argument.
    /// - Parameters:
    ///   - node: The node to run.
    ///   - argument: Its argument, as JSON.
    public static func send(_ node: String, json argument: JSONValue) -> Target {
        Target(node: node, argument: argument)
    }
}
