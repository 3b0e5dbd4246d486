/// An error a user can act on: a stable `code` for scripts, a message saying what went wrong and what to
/// do, and the underlying cause when there is one.
public struct SwitchyardError: Error, Sendable, CustomStringConvertible {
    /// A stable code (`.threadNotFound`); its `rawValue` is the snake_case string scripts see.
    public var code: Code
    /// What happened and how to fix it, for a person.
    public var message: String
    /// Every individual problem when there are several (all validation failures at once).
    public var details: [String]
    /// The lower-level error, if any.
    public var cause: (any Error & Sendable)?

    /// An error with a code and a message that says what to do.
    ///
    /// - Parameters:
    ///   - code: The machine-readable code (its snake_case name goes to JSON and HTTP).
    ///   - message: What went wrong and how to fix it, for a person.
    ///   - details: More lines, one per problem (validation errors, for instance).
    ///   - cause: The underlying error, if any.
    public init(code: Code, message: String, details: [String] = [], cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.cause = cause
    }

    public var description: String {
        var text = message
        for d in details { text += "\n  - \(d)" }
        if let cause { text += " (\(cause))" }
        return text
    }
}
