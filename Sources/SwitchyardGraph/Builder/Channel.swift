import Foundation
import SwitchyardCore

/// A named, writable field of a ``GraphState`` and the ``Reducer`` that merges writes into it.
public struct Channel<State: GraphState>: Sendable {
    /// The field's stored name; keep it stable, checkpoints refer to it.
    public let name: String
    let keyPath: StateKeyPath
    let apply: @Sendable (inout State, any Sendable) throws -> Void
    let encode: @Sendable (any Sendable) throws -> Data
    let decode: @Sendable (Data) throws -> any Sendable

    /// Declares a channel for `keyPath`, merged by `reducer` (replace by default).
    public init<Value: Codable & Sendable>(
        _ name: String, _ keyPath: WritableKeyPath<State, Value> & Sendable, reducer: Reducer<Value> = .replace
    ) {
        self.name = name
        self.keyPath = StateKeyPath(keyPath)
        self.apply = { state, value in
            guard let typed = value as? Value else {
                throw SwitchyardError(
                    code: .invalidWrite,
                    message: "channel '\(name)' expects \(Value.self), got \(type(of: value))")
            }
            reducer.reduce(&state[keyPath: keyPath], typed)
        }
        self.encode = { value in
            guard let typed = value as? Value else {
                throw SwitchyardError(code: .invalidWrite, message: "channel '\(name)' expects \(Value.self)")
            }
            return try JSONCoding.encoder.encode(typed)
        }
        self.decode = { data in try JSONDecoder().decode(Value.self, from: data) }
    }
}

/// A key path into the state, usable as a dictionary key across tasks.
///
/// Key paths to stored properties are immutable values; `AnyKeyPath` is not yet marked `Sendable`.
struct StateKeyPath: Hashable, @unchecked Sendable {
    let base: AnyKeyPath
    init(_ base: AnyKeyPath) { self.base = base }
}
