import Foundation
import SwitchyardCore
import Yams

extension ServiceTopology {
    /// Reads a topology file: YAML or JSON (JSON is read as YAML), in one of two shapes —
    /// a list of calls, at the top or under `calls:`, each `{caller: NAME, callee: NAME}`:
    /// ```yaml
    /// calls:
    ///   - {caller: frontend, callee: cart}
    ///   - {caller: cart, callee: redis}
    /// ```
    /// or a mapping from each caller to the list of services it calls: `{frontend: [cart, search], cart: [redis]}`.
    /// - Parameters:
    ///   - path: The file to read.
    /// - Throws: `SwitchyardError` `file_not_found`, or `invalid_topology` naming the file, line and column and
    ///   saying what shape was expected.
    public static func read(path: String) throws -> ServiceTopology {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(
                code: .fileNotFound, message: "cannot read the topology '\(path)': no such readable file")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// Parses topology text (see ``read(path:)``); `source` names it in errors.
    /// - Parameters:
    ///   - text: YAML or JSON, a list of calls or a mapping from callers to callees.
    ///   - source: The file name for error messages.
    /// - Throws: `SwitchyardError` `invalid_topology`.
    public static func parse(_ text: String, source: String) throws -> ServiceTopology {
        func fail(_ node: Node?, _ message: String) -> SwitchyardError {
            let place = node?.mark.map { "\(source):\($0.line):\($0.column)" } ?? source
            return SwitchyardError(code: .invalidTopology, message: "\(place): \(message)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw fail(nil, "the topology is empty; " + shapes)
            }
            root = node
        } catch let error as SwitchyardError {
            throw error
        } catch let error as YamlError {
            throw SwitchyardError(code: .invalidTopology, message: "\(source): not valid YAML or JSON: \(error.brief)")
        } catch {
            throw SwitchyardError(code: .invalidTopology, message: "\(source): not valid YAML or JSON: \(error)")
        }
        var calls: [(caller: String, callee: String)] = []
        func name(_ node: Node?, _ what: String, at parent: Node) throws -> String {
            guard let node else { throw fail(parent, "missing '\(what)'; each call is {caller: NAME, callee: NAME}") }
            guard case .scalar(let scalar) = node, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail(node, "'\(what)' must be a service name (a non-empty string)")
            }
            return scalar.string.trimmingCharacters(in: .whitespaces)
        }
        func add(_ caller: String, _ callee: String, at node: Node) throws {
            guard caller != callee else {
                throw fail(node, "'\(caller)' calls itself; list only calls between services")
            }
            calls.append((caller, callee))
        }
        let list = root.sequence ?? root.mapping?["calls"]?.sequence
        if let list {
            for item in list {
                guard let pair = item.mapping else {
                    throw fail(item, "each call is a mapping {caller: NAME, callee: NAME}, not \(describe(item))")
                }
                for key in pair.keys where !["caller", "callee"].contains(key.string ?? "") {
                    throw fail(key, "unknown key '\(key.string ?? "?")' in a call; use caller and callee")
                }
                try add(
                    try name(pair["caller"], "caller", at: item), try name(pair["callee"], "callee", at: item), at: item
                )
            }
        } else if let map = root.mapping, map["calls"] == nil {
            for (key, value) in map {
                let caller = try name(key, "caller", at: root)
                guard let callees = value.sequence ?? (value.scalar != nil ? [value] : nil) else {
                    throw fail(value, "'\(caller)' maps to \(describe(value)); give the list of services it calls")
                }
                for callee in callees { try add(caller, try name(callee, "callee", at: value), at: callee) }
            }
        } else {
            throw fail(root, "expected a list of calls or a mapping of callers; " + shapes)
        }
        guard !calls.isEmpty else { throw fail(root, "the topology lists no call; " + shapes) }
        return ServiceTopology(calls: calls)
    }

    private static let shapes =
        "write `calls: [{caller: frontend, callee: cart}, …]` or `{frontend: [cart, search], cart: [redis]}`"

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "the value '\(s.string.prefix(40))'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}

extension YamlError {
    /// The problem and where it is, without the library's multi-line rendering.
    fileprivate var brief: String {
        switch self {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        default:
            return String("\(self)".prefix(200))
        }
    }
}
