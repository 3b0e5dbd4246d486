import Foundation
import Hummingbird
import Logging
import NIOCore

/// A fast stand-in for an OpenAI-compatible provider: `POST /v1/chat/completions` reads the body and answers
/// a fixed, small completion at once, so that what a gateway adds is what gets measured. Not a model.
enum Upstream {
    static let reply = ByteBuffer(
        string: #"""
            {"id":"chatcmpl-bench","object":"chat.completion","created":1764000000,"model":"bench-model",\#
            "choices":[{"index":0,"message":{"role":"assistant","content":"The answer is 42."},\#
            "finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}
            """#)

    static func run(host: String, port: Int) async throws {
        let router = Router()
        let answer: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            _ = try await request.body.collect(upTo: 16 << 20)
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: reply))
        }
        router.post("v1/chat/completions", use: answer)
        router.post("chat/completions", use: answer)
        router.get("health") { _, _ in "ok" }
        var logger = Logger(label: "bench.upstream")
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
        try await app.runService()
    }
}
