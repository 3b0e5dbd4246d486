/// What a node returns: the writes it makes to the state's channels, merged after its step.
///
/// ```swift
/// return [.write(\.messages, ["hello"]), .write(\.turns, 1)]
/// ```
public struct Update<State: GraphState>: Sendable, ExpressibleByArrayLiteral {
    /// The writes, applied in order.
    public var writes: [Write<State>]

    /// Wraps a list of writes.
    /// - Parameter writes: The writes, merged in order.
    public init(_ writes: [Write<State>] = []) { self.writes = writes }

    public init(arrayLiteral writes: Write<State>...) { self.writes = writes }

    /// No change.
    public static var none: Update { Update() }

    /// This update plus one more write.
    /// - Parameters:
    ///   - keyPath: The state field whose channel takes the write.
    ///   - value: The value written.
    public func write<Value: Codable & Sendable>(
        _ keyPath: any WritableKeyPath<State, Value> & Sendable, _ value: Value
    ) -> Update {
        var copy = self
        copy.writes.append(.write(keyPath, value))
        return copy
    }
}

/// One value written to one channel.
public struct Write<State: GraphState>: Sendable {
    let keyPath: StateKeyPath
    let value: any Sendable

    /// Writes `value` to the channel declared for `keyPath`; its reducer decides how it merges.
    /// - Parameters:
    ///   - keyPath: The state field whose channel takes the write.
    ///   - value: The value written.
    public static func write<Value: Codable & Sendable>(
        _ keyPath: any WritableKeyPath<State, Value> & Sendable, _ value: Value
    ) -> Write {
        Write(keyPath: StateKeyPath(keyPath), value: value)
    }
}
