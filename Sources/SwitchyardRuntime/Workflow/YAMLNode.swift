import Foundation
import SwitchyardCore
import Yams

/// Where something is in a workflow or prompt file, for error messages: `workflows/agency.yaml:12:5`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    /// A location.
    /// - Parameters:
    ///   - file: The file's path.
    ///   - line: The line, from 1.
    ///   - column: The column, from 1.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One thing wrong with a workflow, with where it is and how to fix it.
public struct WorkflowProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    /// A problem at `location`.
    /// - Parameters:
    ///   - location: Where it is.
    ///   - message: What is wrong and how to fix it.
    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// A YAML node with its file, so every lookup can report a precise location.
struct YAMLCursor {
    let node: Node
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    var string: String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    var int: Int? {
        guard case .scalar = node, node.tag.rawValue == Tag.Name.int.rawValue else { return nil }
        return node.int
    }

    var bool: Bool? {
        guard case .scalar = node, node.tag.rawValue == Tag.Name.bool.rawValue else { return nil }
        return node.bool
    }

    /// The mapping's entries in file order, or `nil` when this is not a mapping.
    var entries: [(key: String, keyLocation: SourceLocation, value: YAMLCursor)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { pair in
            let key = YAMLCursor(node: pair.key, file: file)
            return (key.string ?? "", key.location, YAMLCursor(node: pair.value, file: file))
        }
    }

    var items: [YAMLCursor]? {
        guard case .sequence(let sequence) = node else { return nil }
        return sequence.map { YAMLCursor(node: $0, file: file) }
    }

    subscript(key: String) -> YAMLCursor? {
        entries?.first { $0.key == key }?.value
    }

    /// The node as JSON: tags decide (a quoted "true" stays a string).
    var json: JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map(JSONValue.int) ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for pair in mapping {
                object[YAMLCursor(node: pair.key, file: file).string ?? ""] =
                    YAMLCursor(node: pair.value, file: file).json
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map { YAMLCursor(node: $0, file: file).json })
        case .alias:
            return .null
        }
    }

    /// Parses `text`; a syntax error becomes a problem at its line and column.
    static func parse(_ text: String, file: String) -> Result<YAMLCursor, WorkflowProblem> {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return .failure(WorkflowProblem(SourceLocation(file: file, line: 1, column: 1), "the file is empty"))
            }
            return .success(YAMLCursor(node: node, file: file))
        } catch let error as YamlError {
            return .failure(WorkflowProblem(error.location(file: file), "not valid YAML: \(error.summary)"))
        } catch {
            return .failure(WorkflowProblem(SourceLocation(file: file, line: 1, column: 1), "not valid YAML: \(error)"))
        }
    }
}

extension YamlError {
    func location(file: String) -> SourceLocation {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        default:
            return SourceLocation(file: file, line: 1, column: 1)
        }
    }

    var summary: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(self)".prefix(200).description
        }
    }
}
