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

    /// A message.
    ///
    /// - Parameters:
    ///   - role: Who speaks.
    ///   - content: The text.
    ///   - toolCalls: The tool calls of an assistant message.
    ///   - toolCallID: For a `tool` message, the id of the call it answers.
    public init(role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// A system message.
    ///
    /// - Parameter text: The instructions.
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }

    /// A user message.
    ///
    /// - Parameter text: What the user says.
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }

    /// An assistant message.
    ///
    /// - Parameters:
    ///   - text: What the assistant says (empty when it only calls tools).
    ///   - toolCalls: The tools it calls.
    public static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }

    /// A tool's answer to a call.
    ///
    /// - Parameters:
    ///   - text: The tool's result.
    ///   - callID: The id of the ``ToolCall`` it answers.
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

    /// A tool call.
    ///
    /// - Parameters:
    ///   - id: The call's id, which the ``ChatMessage/tool(_:callID:)`` answer names.
    ///   - name: The tool's name.
    ///   - arguments: The arguments, a JSON object.
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

    /// A tool definition.
    ///
    /// - Parameters:
    ///   - name: The name the model calls it by.
    ///   - description: What it does, for the model.
    ///   - parameters: The JSON Schema of its arguments.
    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether and which tool the model must call (OpenAI's `tool_choice`).
public struct ToolChoice: Codable, Sendable, Hashable {
    /// How the model must use the tools.
    public var mode: Mode
    /// The tool to call, for ``Mode/function``.
    public var name: String?

    /// A choice; ``tool(_:)`` names one tool.
    /// - Parameters:
    ///   - mode: How the model must use the tools.
    ///   - name: The tool, for ``Mode/function``.
    public init(mode: Mode, name: String? = nil) {
        self.mode = mode
        self.name = name
    }

    /// The model decides whether to call a tool.
    public static let auto = ToolChoice(mode: .auto)
    /// The model must not call a tool.
    public static let none = ToolChoice(mode: .none)
    /// The model must call some tool.
    public static let required = ToolChoice(mode: .required)
    /// The model must call the tool `name`.
    ///
    /// - Parameter name: The tool's name.
    public static func tool(_ name: String) -> ToolChoice { ToolChoice(mode: .function, name: name) }

    /// A `tool_choice` mode, parsed once where a request is read (a struct with static members, so a new mode
    /// breaks no one's `switch`). A string literal names a mode in code (`"auto"`); text from a request goes
    /// through ``init(rawValue:)``, which accepts only the known modes.
    public struct Mode: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        /// OpenAI's spelling.
        public let rawValue: String

        /// The mode spelled `rawValue`; nil for anything but `auto`, `none`, `required` and `function`.
        public init?(rawValue: String) {
            guard Self.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
            self.rawValue = rawValue
        }

        public init(stringLiteral value: String) { rawValue = value }

        private init(known: String) { rawValue = known }

        /// The model decides.
        public static let auto = Mode(known: "auto")
        /// No tool calls.
        public static let none = Mode(known: "none")
        /// Some tool call.
        public static let required = Mode(known: "required")
        /// A call of the named tool.
        public static let function = Mode(known: "function")
        /// Every mode, in the order error messages list them.
        public static let all: [Mode] = [.auto, .none, .required, .function]

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let mode = Mode(rawValue: text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "tool_choice mode \(text.quotedExcerpt()) is not one of "
                            + Self.all.map(\.rawValue).joined(separator: ", ")))
            }
            self = mode
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }
}
