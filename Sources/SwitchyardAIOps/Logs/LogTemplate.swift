/// A mined log template: constant tokens with `<*>` where lines differ, and how many lines matched it.
public struct LogTemplate: Sendable, Equatable {
    /// A stable id, in order of first appearance (0, 1, …).
    public var id: Int
    public var tokens: [String]
    public var count: Int

    /// The template as text, tokens joined by spaces.
    public var text: String { tokens.joined(separator: " ") }
}

/// One parsed log line: its template and the values at the template's `<*>` positions.
public struct ParsedLogLine: Sendable, Equatable {
    public var templateID: Int
    public var parameters: [String]
    /// Whether this line created its template.
    public var isNewTemplate: Bool
    /// Whether the line was longer than ``DrainMiner/maximumLineBytes`` and was cut before mining.
    public var truncated: Bool
}
