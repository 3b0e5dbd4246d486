import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels

/// `POST /v1/embeddings`: OpenAI's wire format (`model`, `input` as a string or an array of strings,
/// `encoding_format` `float`), answered by the configuration's embedding models (the local MiniLM).
struct EmbeddingsController: Sendable {
    /// Model name → embedding model.
    let embedders: [String: any EmbeddingModel]

    func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.post("embeddings", use: embed)
    }

    @Sendable func embed(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await Self.read(request, limit: context.maxUploadSize)
        let (name, texts) = try Self.parse(body)
        guard let embedder = embedders[name] else {
            let known = embedders.keys.sorted()
            throw APIError(
                .notFound, code: .unknownModel,
                message: "no embedding model \(name.quotedExcerpt()); served: "
                    + (known.isEmpty
                        ? "none (declare a local model with capability embeddings)"
                        : known.joined(
                            separator: ", ")))
        }
        let vectors: [[Float]]
        do {
            vectors = try await embedder.embed(texts)
        } catch {
            throw APIError.from(error)
        }
        let data = vectors.enumerated().map { i, vector -> JSONValue in
            ["object": "embedding", "index": .int(i), "embedding": .array(vector.map { .double(Double($0)) })]
        }
        var fields: [String: JSONValue] = ["object": "list", "data": .array(data), "model": .string(name)]
        if let tokens = embedder.tokenCount(of: texts) {
            fields["usage"] = ["prompt_tokens": .int(tokens), "total_tokens": .int(tokens)]
        }
        let json = JSONValue.object(fields)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json.jsonText)))
    }

    /// The request's model and texts; 400 for anything OpenAI's API would refuse or that is not served here.
    static func parse(_ body: String) throws -> (model: String, texts: [String]) {
        func invalid(_ message: String) -> APIError { APIError(.badRequest, code: .invalidRequest, message: message) }
        guard let json = try? JSONValue(parsing: body), case .object = json else {
            throw invalid("the body is not a JSON object")
        }
        guard let model = json["model"]?.stringValue, !model.isEmpty else { throw invalid("model: required") }
        if let format = json["encoding_format"]?.stringValue, format != "float" {
            throw invalid("encoding_format: only float is served")
        }
        let texts: [String]
        switch json["input"] {
        case .string(let text)?:
            texts = [text]
        case .array(let items)?:
            texts = try items.enumerated().map { i, item in
                guard let text = item.stringValue else {
                    throw invalid("input[\(i)]: expected a string (token arrays are not served)")
                }
                return text
            }
        default:
            throw invalid("input: expected a string or an array of strings")
        }
        guard !texts.isEmpty else {
            throw APIError(.badRequest, code: .emptyInput, message: "input: at least one text")
        }
        return (model, texts)
    }

    /// The body as text: 413 over `limit`.
    static func read(_ request: Request, limit: Int) async throws -> String {
        do {
            return String(buffer: try await request.body.collect(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, code: .bodyTooLarge, message: "the request body is over the limit of \(limit) bytes")
        }
    }
}
