import Foundation
import Mustache
import Synchronization
import SwitchyardCore

/// Renders Mustache templates over JSON (no HTML escaping: prompts are text) and lists the variables a template
/// names, so a workflow that uses an undefined one fails at load, not in the middle of a run.
enum TemplateRenderer {
    /// Renders `template` with `variables` (a JSON object).
    ///
    /// Parsed templates are cached (a workflow renders the same few templates on every run), and the variables are
    /// handed to Mustache lazily: an object is converted only as far as the template reads into it, not the whole
    /// state on every render.
    static func render(_ template: String, _ variables: JSONValue) throws -> String {
        try parsed(template).render(variables.lazyMustacheValue)
    }

    /// The parsed template, from the cache when it was parsed before.
    private static func parsed(_ template: String) throws -> MustacheTemplate {
        if let cached = cache.withLock({ $0[template] }) { return cached }
        let parsed: MustacheTemplate
        do {
            parsed = try MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + template)
        } catch {
            throw SwitchyardError(code: .invalidTemplate, message: "the template does not parse: \(error)")
        }
        cache.withLock { cache in
            // Templates come from workflow files, so there are few; a bound keeps a pathological caller in check.
            if cache.count >= 4096 { cache.removeAll(keepingCapacity: true) }
            cache[template] = parsed
        }
        return parsed
    }

    private static let cache = Mutex<[String: MustacheTemplate]>([:])

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
    /// The value as Mustache reads it, converted one level at a time: an object is a ``MustacheJSONObject`` whose
    /// children are converted when the template names them; everything else is as ``mustacheValue`` has it.
    var lazyMustacheValue: Any {
        switch self {
        case .object(let object): return MustacheJSONObject(object: object)
        case .array(let items): return items.map(\.lazyMustacheValue)
        default: return mustacheValue
        }
    }

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

/// A JSON object as a Mustache context whose members are converted only when a template reads them. It renders,
/// transforms and opens sections exactly as the `[String: Any]` dictionary ``JSONValue/mustacheValue`` makes.
struct MustacheJSONObject: MustacheParent, MustacheCustomRenderable, MustacheTransformable {
    let object: [String: JSONValue]

    func child(named name: String) -> Any? { object[name]?.lazyMustacheValue }

    var renderText: String { String(describing: JSONValue.object(object).mustacheValue) }

    var isNull: Bool { false }

    func transform(_ name: String) -> Any? {
        (JSONValue.object(object).mustacheValue as? [String: Any])?.transform(name)
    }
}
