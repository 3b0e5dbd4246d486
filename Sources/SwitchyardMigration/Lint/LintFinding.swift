/// One problem with an emitted manifest: which rule, which object, what is wrong and how to fix it.
public struct LintFinding: Sendable, Hashable, Codable {
    /// How bad it is.
    public enum Severity: String, Sendable, Codable {
        case error, warning
    }

    /// The rule id (`schema`, `metadata.name`, or a policy rule's id).
    public var rule: String
    /// The object: `path#Kind/name`.
    public var object: String
    /// Where in the object (a JSON Pointer), when it is about one field.
    public var pointer: String
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var fix: String
    /// Error or warning.
    public var severity: Severity

    /// Makes a finding.
    /// - Parameters:
    ///   - rule: the rule's id.
    ///   - object: `path#Kind/name`, or `(plan)`.
    ///   - pointer: the JSON Pointer of the offending value, or empty.
    ///   - message: what is wrong.
    ///   - fix: how to fix it.
    ///   - severity: error or warning.
    public init(rule: String, object: String, pointer: String, message: String, fix: String, severity: Severity) {
        self.rule = rule
        self.object = object
        self.pointer = pointer
        self.message = message
        self.fix = fix
        self.severity = severity
    }
}
