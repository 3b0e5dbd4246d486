/// One turn of a conversation, to be rendered by a `ChatTemplate`.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// Who speaks: `system`, `user`, `assistant` (or another role the template passes through).
    public var role: Role
    /// The text of the turn, inserted verbatim.
    public var content: String

    /// A message from its role and text.
    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    /// A conversation role; a struct so new roles do not break callers.
    public struct Role: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral {
        /// The role name as the template writes it.
        public let rawValue: String
        /// A role by name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A role by name, from a literal.
        public init(stringLiteral value: String) { rawValue = value }
        /// Instructions that frame the conversation.
        public static let system = Role(rawValue: "system")
        /// The human side.
        public static let user = Role(rawValue: "user")
        /// The model side.
        public static let assistant = Role(rawValue: "assistant")
    }

    /// A system message.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    /// A user message.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    /// An assistant message.
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: .assistant, content: content) }
}
