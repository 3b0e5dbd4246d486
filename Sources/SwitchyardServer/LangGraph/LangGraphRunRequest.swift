import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardRuntime

/// A LangGraph run request (`POST /threads/{id}/runs`, `/runs/wait`, `/runs/stream`), checked: what is served is
/// read, what LangGraph's SDK sends by default is accepted, and an option Switchyard does not serve is a 400
/// `unsupported_option` rather than silently ignored.
struct LangGraphRunRequest: Sendable {
    /// The stream modes served.
    static let streamModes: Set<String> = ["values", "updates", "messages", "messages-tuple"]

    /// Every field LangGraph's SDK may send.
    static let fields: Set<String> = [
        "assistant_id", "input", "command", "metadata", "config", "context", "stream_mode", "stream_subgraphs",
        "stream_resumable", "multitask_strategy", "if_not_exists", "on_disconnect", "on_completion", "durability",
        "checkpoint_during", "interrupt_before", "interrupt_after", "webhook", "checkpoint", "checkpoint_id",
        "after_seconds", "feedback_keys", "strict_resume", "langsmith_tracer",
    ]

    /// Fields refused when set: Switchyard has no equivalent.
    static let refused: [String] = [
        "interrupt_before", "interrupt_after", "webhook", "checkpoint", "checkpoint_id", "after_seconds",
        "on_completion",
    ]

    var assistant: String
    var input: JSONValue
    /// The answer to the thread's pending interrupt (`command: {resume: …}`), as an approval decision.
    var resume: ApprovalDecision?
    var metadata: JSONValue
    var multitask: MultitaskStrategy
    /// `if_not_exists: create` makes the thread on the first run.
    var createThread: Bool
    var streamModes: [String]

    init(_ request: Request, context: TenantRequestContext) async throws {
        let body = try await JSONBody.object(request, limit: context.maxUploadSize, allowed: Self.fields)
        for name in Self.refused where Self.isSet(body.values[name]) {
            throw Self.unsupported("'\(name)' is not served by Switchyard's LangGraph API (docs/server.md)")
        }
        for name in ["stream_subgraphs", "stream_resumable"] where body.values[name]?.boolValue == true {
            throw Self.unsupported("'\(name): true' is not served; streams are not resumable and have no subgraphs")
        }
        assistant = try body.requiredString("assistant_id")
        metadata = try body.object("metadata") ?? .object([:])
        let strategy = try body.string("multitask_strategy") ?? "enqueue"
        guard let multitask = MultitaskStrategy(rawValue: strategy) else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message: "multitask_strategy \(strategy.quotedExcerpt(limit: 40)) is unknown; use reject, enqueue, "
                    + "interrupt or rollback")
        }
        self.multitask = multitask
        let ifNotExists = try body.string("if_not_exists") ?? "reject"
        guard ["reject", "create"].contains(ifNotExists) else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message: "if_not_exists \(ifNotExists.quotedExcerpt(limit: 40)) is unknown; use reject or create")
        }
        createThread = ifNotExists == "create"
        streamModes = try Self.modes(body.values["stream_mode"])
        let command = try body.object("command")
        if command != nil, let input = body.values["input"], input != .null {
            throw APIError(.badRequest, code: .invalidRequest, message: "send either 'input' or 'command', not both")
        }
        input = try body.object("input") ?? .object([:])
        if let command {
            resume = try Self.resume(command)
        }
    }

    static func isSet(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?: false
        case .array(let items)?: !items.isEmpty
        case .object(let members)?: !members.isEmpty
        case .int(0)?: false
        default: true
        }
    }

    static func unsupported(_ message: String) -> APIError {
        APIError(.badRequest, code: .unsupportedOption, message: message)
    }

    /// `stream_mode` as a list (a single mode may be a string); `values` by default.
    static func modes(_ value: JSONValue?) throws -> [String] {
        let modes: [String]
        switch value {
        case nil, .null?: return ["values"]
        case .string(let mode)?: modes = [mode]
        case .array(let items)? where items.allSatisfy({ $0.stringValue != nil }):
            modes = items.compactMap(\.stringValue)
        default:
            throw APIError(
                .badRequest, code: .invalidRequest, message: "the field 'stream_mode' must be a string or strings")
        }
        if let unknown = modes.first(where: { !streamModes.contains($0) }) {
            throw unsupported(
                "stream_mode \(unknown.quotedExcerpt(limit: 40)) is not served; use "
                    + streamModes.sorted().joined(separator: ", "))
        }
        return modes.isEmpty ? ["values"] : modes
    }

    /// `command: {resume: …}` as an approval decision: `"approve"`, `"reject"`, `"edit"` or
    /// `{"decision": …, "comment": …, "text": …}`. `goto` and `update` are not served.
    static func resume(_ command: JSONValue) throws -> ApprovalDecision {
        for name in ["goto", "update"] where isSet(command[name]) {
            throw unsupported("command.\(name) is not served; a command answers the thread's interrupt with 'resume'")
        }
        if let unknown = command.objectValue?.keys.sorted().first(where: { !["goto", "update", "resume"].contains($0) })
        {
            throw APIError(
                .badRequest, code: .invalidRequest,
                message: "unknown command field \(unknown.quotedExcerpt(limit: 40)); known: goto, update, resume")
        }
        let answer = command["resume"] ?? .null
        do {
            switch answer {
            case .string(let decision): return try ApprovalDecision(decision: decision)
            case .object: return try ApprovalDecision(answer)
            default: break
            }
        } catch let error as SwitchyardError {
            throw APIError(.badRequest, code: error.code, message: error.message)
        }
        throw APIError(
            .badRequest, code: .invalidDecision,
            message: "command.resume must be \"approve\", \"reject\", \"edit\" or "
                + "{\"decision\": …, \"comment\": …, \"text\": …}")
    }
}
