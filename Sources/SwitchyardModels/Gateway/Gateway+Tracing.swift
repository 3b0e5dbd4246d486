import SwitchyardCore
import SwitchyardModelAPI
import Tracing

/// A span per model call (swift-distributed-tracing; exported over OTLP when the server bootstraps it, a no-op
/// otherwise), named and attributed after OpenTelemetry's GenAI conventions plus Switchyard's tenant, run, cost
/// and cache status. Prompts and answers are never recorded.
enum ModelCallSpan {
    static let name = "chat"

    /// Starts the span (a child of the caller's, the node's in a run) with what is known before the call: the
    /// operation, the requested model, the caller.
    static func start(request: ChatRequest, context: CallContext) -> any Span {
        let span = startSpan(name, ofKind: .client)
        span.attributes["gen_ai.operation.name"] = "chat"
        span.attributes["gen_ai.request.model"] = request.model.isEmpty ? (request.task ?? "") : request.model
        span.attributes["switchyard.tenant"] = context.tenant.rawValue
        if let run = context.run { span.attributes["switchyard.run"] = run }
        if let task = request.task { span.attributes["switchyard.task"] = task }
        return span
    }

    /// What the call came to: the deployment, tokens, cost and cache status.
    static func finish(
        _ span: any Span, model: String?, usage: Usage?, cost: Double?, cache: String?
    ) {
        if let model { span.attributes["gen_ai.response.model"] = model }
        if let usage {
            span.attributes["gen_ai.usage.input_tokens"] = usage.promptTokens
            span.attributes["gen_ai.usage.output_tokens"] = usage.completionTokens
        }
        if let cost { span.attributes["switchyard.cost_usd"] = cost }
        if let cache { span.attributes["switchyard.cache"] = cache }
    }
}
