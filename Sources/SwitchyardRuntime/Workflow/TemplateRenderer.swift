import Foundation
import Mustache
import SwitchyardCore

/// Renders Mustache templates over JSON (no HTML escaping: prompts are text) and lists the variables a template
/// names, so a workflow that uses an undefined one fails at load, not in the middle of a run.
enum TemplateRenderer {
    /// Renders `template` with `variables` (a JSON object).
    static func render(_ template: String, _ variables: JSONValue) throws -> String {
        let parsed: MustacheTemplate
        do {
            parsed = try MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + template)
        } catch {
            throw SwitchyardError(code: .invalidTemplate, message: "the template does not parse: \(error)")
        }
        return parsed.render(variables.mustacheValue)
    }

    /// Checks that a template parses; the message says why not.
    static func check(_ template: String) -> String? {
        do {
            _ = try MustacheTemplate(string: template)
            return nil
        } catch {
            return "the template does not parse (\(error)); check the {{ }} tags"
        }
    }

    /// The top-level names a template reads outside any section (inside a section a name may be a field of
    /// the item, so it is not checked).
    static func topLevelVariables(_ template: String) -> [String] {
        var names: [String] = []
        var depth = 0
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            var tag = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") {
                tag.removeFirst()
                if rest.hasPrefix("}") { rest = rest.dropFirst() }
            }
            guard let first = tag.first else { continue }
            switch first {
            case "#", "^":
                if depth == 0 { names.append(Self.root(tag.dropFirst())) }
                depth += 1
            case "/":
                depth = max(0, depth - 1)
            case "!", ">", "%", "=", "<", "$":
                continue
            case "&":
                if depth == 0 { names.append(Self.root(tag.dropFirst())) }
            default:
                if depth == 0 { names.append(Self.root(Substring(tag))) }
            }
        }
        return names.filter { !$0.isEmpty && $0 != "." }
    }

    private static func root(_ tag: Substring) -> String {
        let name = tag.trimmingCharacters(in: .whitespaces)
        return String(name.split(separator: ".").first ?? "")
    }
}

extension JSONValue {
    /// The value as the Foundation types Mustache reads (dictionaries, arrays, strings, numbers, booleans).
    var mustacheValue: Any {
        switch self {
        case .null: return ""
        case .bool(let b): return b
        case .int(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .array(let items): return items.map(\.mustacheValue)
        case .object(let object): return object.mapValues(\.mustacheValue)
        }
    }
}
