import Foundation
import SwitchyardCore

/// Turns states and writes into checkpoint bytes and back, with errors that say what no longer fits.
struct StateCodec<State: GraphState>: Sendable {
    /// The channels, and their positions by key path and by name (integer values: the lookups need no generic
    /// metadata at run time, which unspecialized generic code pays for on every optional of a generic type).
    let channels: [Channel<State>]
    let byPath: [StateKeyPath: Int]
    let byName: [String: Channel<State>]

    init() {
        var byPath: [StateKeyPath: Int] = [:]
        var byName: [String: Channel<State>] = [:]
        let channels = State.channels
        for (index, channel) in channels.enumerated() {
            byPath[channel.keyPath] = index
            byName[channel.name] = channel
        }
        self.channels = channels
        self.byPath = byPath
        self.byName = byName
    }

    func channel(for write: Write<State>, node: String) throws -> Channel<State> {
        guard let index = byPath[write.keyPath] else {
            throw SwitchyardError(
                code: .unknownChannel,
                message: "node '\(node)' wrote a field of \(State.self) that has no channel; "
                    + "add Channel(\"name\", \\.field) to \(State.self).channels")
        }
        return channels[index]
    }

    /// Encodes a node's writes, checking each has a channel.
    func encode(_ writes: [Write<State>], node: String) throws -> [(channel: String, value: Data)] {
        var encoded: [(channel: String, value: Data)] = []
        encoded.reserveCapacity(writes.count)
        for i in writes.indices {
            let channel = try channel(for: writes[i], node: node)
            encoded.append((channel.name, try channel.encode(writes[i].value)))
        }
        return encoded
    }

    /// Applies encoded writes through the reducers.
    func apply(_ writes: [(channel: String, value: Data)], to state: inout State, checkpoint: String) throws {
        for write in writes {
            guard let channel = byName[write.channel] else {
                throw SwitchyardError(
                    code: .stateMismatch,
                    message: "checkpoint \(checkpoint) writes channel '\(write.channel)', which \(State.self) no "
                        + "longer declares; restore the channel or fork the thread from a checkpoint before it")
            }
            let value: any Sendable
            do {
                value = try channel.decode(write.value)
            } catch {
                throw SwitchyardError(
                    code: .stateMismatch,
                    message: "checkpoint \(checkpoint): the value stored for channel '\(write.channel)' no longer "
                        + "decodes as \(State.self)'s field: \(Self.describe(error))", cause: error)
            }
            try channel.apply(&state, value)
        }
    }

    func encodeSnapshot(_ state: State) throws -> Data {
        try JSONCoding.encoder.encode(state)
    }

    func decodeSnapshot(_ data: Data, checkpoint: String) throws -> State {
        do {
            return try JSONDecoder().decode(State.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw SwitchyardError(
                    code: .corruptCheckpoint,
                    message: "checkpoint \(checkpoint) holds bytes that are not a JSON state; fork the thread from "
                        + "an earlier checkpoint or delete it", cause: error)
            }
            throw SwitchyardError(
                code: .stateMismatch,
                message: "checkpoint \(checkpoint) no longer decodes as \(State.self): \(Self.describe(error)); "
                    + "did the State type change? Give new fields defaults, or fork from a compatible checkpoint",
                cause: error)
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "the top level" : "'\(p)'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "field '\(key.stringValue)' is missing" + (context.codingPath.isEmpty ? "" : " in \(parent)")
        case .typeMismatch(let type, let context): return "\(path(context)) is not a \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)) has no \(type) value"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
