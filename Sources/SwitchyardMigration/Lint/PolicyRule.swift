import SwitchyardCore

/// One policy rule, read from YAML (see `Policies/default.yaml` for the format).
public struct PolicyRule: Sendable, Hashable {
    /// What the rule checks.
    public enum Check: Sendable, Hashable {
        /// Every path must resolve to at least one value.
        case require([String])
        /// The value at the path must not be one of these.
        case forbid(path: String, values: [JSONValue])
        /// String values at these paths must not match the pattern.
        case forbidPattern(paths: [String], pattern: String)
        /// A built-in check over the whole manifest set (`one-wave-per-vm`).
        case plan(String)
    }

    /// The rule id.
    public var id: String
    /// What the rule is for.
    public var description: String
    /// How a violation is reported.
    public var severity: LintFinding.Severity
    /// Kinds the rule applies to (`*` for all).
    public var kinds: [String]
    /// Labels an object must carry for the rule to apply.
    public var labels: [String: String]
    /// The check.
    public var check: Check
    /// How to fix a violation.
    public var fix: String

    /// Whether the rule applies to `object`.
    func matches(_ object: JSONValue) -> Bool {
        let kind = object["kind"]?.stringValue ?? ""
        guard kinds.contains("*") || kinds.contains(kind) else { return false }
        for (key, value) in labels where object["metadata"]?["labels"]?[key]?.stringValue != value { return false }
        return true
    }
}

/// Paths into objects: dot-separated with `*` and `**`, or JSON Pointers.
enum PolicyPath {
    /// Every `(pointer, value)` that `path` designates in `value`.
    static func values(_ path: String, in value: JSONValue) -> [(String, JSONValue)] {
        let tokens: [String]
        if path.hasPrefix("/") {
            tokens = JSONPointer.tokens(path) ?? []
        } else {
            tokens = path.split(separator: ".").map(String.init)
        }
        var out: [(String, JSONValue)] = []
        walk(tokens[...], value, "", &out)
        return out
    }

    private static func walk(
        _ tokens: ArraySlice<String>, _ value: JSONValue, _ at: String, _ out: inout [(String, JSONValue)]
    ) {
        guard let token = tokens.first else {
            out.append((at, value))
            return
        }
        let rest = tokens.dropFirst()
        func children() -> [(String, JSONValue)] {
            switch value {
            case .object(let o): return o.keys.sorted().map { (at + "/" + JSONPointer.escape($0), o[$0]!) }
            case .array(let a): return a.enumerated().map { (at + "/\($0.offset)", $0.element) }
            default: return []
            }
        }
        switch token {
        case "**":
            walk(rest, value, at, &out)
            for (p, child) in children() { walk(tokens, child, p, &out) }
        case "*":
            for (p, child) in children() { walk(rest, child, p, &out) }
        default:
            switch value {
            case .object(let o):
                if let child = o[token] { walk(rest, child, at + "/" + JSONPointer.escape(token), &out) }
            case .array(let a):
                if let i = Int(token), i >= 0, i < a.count { walk(rest, a[i], at + "/\(i)", &out) }
            default: break
            }
        }
    }
}
