/// An error a user can act on: a stable `code` for scripts, a message saying what went wrong and what to
/// do, and the underlying cause when there is one.
public struct SwitchyardError: Error, Sendable, CustomStringConvertible {
    /// A stable, snake_case identifier (`thread_not_found`, `corrupt_checkpoint`, …).
    public var code: String
    /// What happened and how to fix it, for a person.
    public var message: String
    /// The lower-level error, if any.
    public var cause: (any Error & Sendable)?

    public init(code: String, message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
