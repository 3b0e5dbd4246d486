/// One message of a conversation.
public struct ChatTurn: Sendable, Equatable, Codable {
    /// Who wrote the message.
    public struct Role: RawRepresentable, Sendable, Equatable, Codable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let system = Role(rawValue: "system")
        public static let user = Role(rawValue: "user")
        public static let assistant = Role(rawValue: "assistant")
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}
