import SwitchyardCore
import SwitchyardGraph

/// The state of a declarative workflow's run: named JSON values, and named lists that writes append to (a
/// `map`'s results, a critic's reviews). A key lives in one or the other, as the workflow declares it.
public struct WorkflowState: GraphState, Hashable {
    /// Keys whose writes replace the value.
    public var values: [String: JSONValue] = [:]
    /// Keys whose writes append (declared `reducer: append` in the workflow's `state`).
    public var lists: [String: [JSONValue]] = [:]

    public init() {}

    public static let channels: [Channel<WorkflowState>] = [
        Channel(
            "values", \.values, reducer: .custom { current, written in current.merging(written) { _, new in new } }),
        Channel(
            "lists", \.lists,
            reducer: .custom { current, written in
                var merged = current
                for (key, items) in written { merged[key, default: []].append(contentsOf: items) }
                return merged
            }),
    ]

    /// The value of `key`: a list key as an array, a value key as written, `nil` when never written.
    /// - Parameter key: The state key.
    public subscript(key: String) -> JSONValue? {
        if let list = lists[key] { return .array(list) }
        return values[key]
    }

    /// Every key as one JSON object (what templates and the final output see).
    public var json: JSONValue {
        var object = values.filter { !$0.key.hasPrefix("__") }
        for (key, list) in lists { object[key] = .array(list) }
        return .object(object)
    }
}

/// Writes to a ``WorkflowState``, routed to its value or list channel by the workflow's declarations.
public struct StateWrites: Sendable {
    var values: [String: JSONValue] = [:]
    var lists: [String: [JSONValue]] = [:]
    let appendKeys: Set<String>

    init(appendKeys: Set<String>) { self.appendKeys = appendKeys }

    /// Sets `key` (or, for a list key, appends `value` as one item).
    /// - Parameters:
    ///   - key: The state key.
    ///   - value: The value to set or append.
    public mutating func set(_ key: String, _ value: JSONValue) {
        if appendKeys.contains(key) {
            lists[key, default: []].append(value)
        } else {
            values[key] = value
        }
    }

    var update: Update<WorkflowState> {
        var update = Update<WorkflowState>()
        if !values.isEmpty { update = update.write(\.values, values) }
        if !lists.isEmpty { update = update.write(\.lists, lists) }
        return update
    }
}
