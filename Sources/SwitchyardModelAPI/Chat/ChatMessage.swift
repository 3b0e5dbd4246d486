import SwitchyardCore

/// One message of a conversation, in the shape OpenAI-compatible and Anthropic APIs share.
public struct ChatMessage: Codable, Sendable, Hashable {
    /// Who speaks: `system`, `user`, `assistant` or `tool`.
    public var role: Role
    /// The text (empty for an assistant message that only calls tools).
    public var content: String
    /// Tool calls the assistant made.
    public var toolCalls: [ToolCall]
    /// For a `tool` message: the id of the call it answers.
    public var toolCallID: String?

    public init(role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    public static func tool(_ text: String, callID: String) -> ChatMessage {
        ChatMessage(role: .tool, content: text, toolCallID: callID)
    }

    /// A speaker; a struct so new roles break no caller (chat templates pass unknown roles through).
    public struct Role: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }
        public static let system = Role(rawValue: "system")
        public static let user = Role(rawValue: "user")
        public static let assistant = Role(rawValue: "assistant")
        public static let tool = Role(rawValue: "tool")
    }
}

/// A call of a tool by the model: its id, name and JSON arguments.
public struct ToolCall: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var arguments: JSONValue

    public init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// A tool a model may call: a name, what it does, and a JSON Schema for its arguments.
public struct ToolDefinition: Codable, Sendable, Hashable {
    public var name: String
    public var description: String
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether and which tool the model must call (OpenAI's `tool_choice`).
public struct ToolChoice: Codable, Sendable, Hashable {
    /// `auto`, `none`, `required`, or `function` with `name`.
    public var mode: String
    public var name: String?

    public static let auto = ToolChoice(mode: "auto", name: nil)
    public static let none = ToolChoice(mode: "none", name: nil)
    public static let required = ToolChoice(mode: "required", name: nil)
    public static func tool(_ name: String) -> ToolChoice { ToolChoice(mode: "function", name: name) }
}
