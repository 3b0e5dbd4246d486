/// The state a graph carries from step to step.
///
/// A state is a `Codable` value with a default (`init()`) and a list of ``Channel``s: one per field that nodes
/// may write, each naming the field (the name is what checkpoints store) and the ``Reducer`` that merges writes.
///
/// ```swift
/// struct Chat: GraphState {
///     var messages: [String] = []
///     var turns = 0
///     static let channels: [Channel<Chat>] = [
///         Channel("messages", \.messages, reducer: .append),
///         Channel("turns", \.turns),
///     ]
/// }
/// ```
public protocol GraphState: Codable, Sendable {
    /// The empty state a new thread starts from.
    init()
    /// The writable fields; a node writing a field not listed here fails with `unknown_channel`.
    static var channels: [Channel<Self>] { get }
}
