import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage

/// A fresh SQLite store in its own temporary directory.
func makeStore(_ directory: String? = nil) throws -> SQLiteStore {
    let dir = directory ?? NSTemporaryDirectory() + "switchyard-test-" + UUID().uuidString
    return try SQLiteStore(directory: dir)
}

let tenant = try! TenantID("acme")

/// Counts how often each key happened, across tasks.
final class Counter: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    func hit(_ key: String) { counts.withLock { $0[key, default: 0] += 1 } }
    subscript(key: String) -> Int { counts.withLock { $0[key, default: 0] } }
    var total: Int { counts.withLock { $0.values.reduce(0, +) } }
    var keys: Set<String> { counts.withLock { Set($0.keys) } }
}

/// Collects events.
final class EventLog<State: GraphState>: Sendable {
    private let events = Mutex<[GraphEvent<State>]>([])
    var handler: GraphEventHandler<State> { { event in self.events.withLock { $0.append(event) } } }
    var all: [GraphEvent<State>] { events.withLock { $0 } }
}

struct Chat: GraphState, Equatable {
    var messages: [String] = []
    var turns = 0
    var last = ""
    static let channels: [Channel<Chat>] = [
        Channel("messages", \.messages, reducer: .append),
        Channel("turns", \.turns, reducer: .sum),
        Channel("last", \.last),
    ]
}

extension SwitchyardError {
    static func code(of error: any Error) -> SwitchyardError.Code? { (error as? SwitchyardError)?.code }
}
