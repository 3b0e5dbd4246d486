import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardRuntime

/// `POST /v1/embeddings`: OpenAI's wire format (`model`, `input` as a string or an array of strings,
/// `encoding_format` `float`, or `base64` — little-endian float32, which the official clients ask for by default),
/// answered by the configuration's embedding models (the local MiniLM).
struct EmbeddingsController: Sendable {
    /// Model name → embedding model.
    let embedders: [String: any EmbeddingModel]
    /// The persistent ledger `GET /v1/usage` reads: each call is recorded (its tokens, at no cost: the models are
    /// local). Nil without a runtime.
    var ledger: (any RunStore)? = nil

    func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.post("embeddings", use: embed)
    }

    @Sendable func embed(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        let body = try await Self.read(request, limit: context.maxUploadSize)
        let (name, texts, base64) = try Self.parse(body)
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
            [
                "object": "embedding", "index": .int(i),
                "embedding": base64 ? .string(Self.base64(vector)) : .array(vector.map { .double(Double($0)) }),
            ]
        }
        var fields: [String: JSONValue] = ["object": "list", "data": .array(data), "model": .string(name)]
        let tokens = embedder.tokenCount(of: texts)
        if let tokens {
            fields["usage"] = ["prompt_tokens": .int(tokens), "total_tokens": .int(tokens)]
        }
        if let ledger {
            do {
                try await ledger.recordUsage(
                    UsageRecord(
                        key: "embedding:" + UUID().uuidString, tenant: context.caller.tenant, run: nil, node: nil,
                        model: name, promptTokens: tokens ?? 0, completionTokens: 0, costUSD: 0, cached: false,
                        latencySeconds: (ContinuousClock.now - start).inSeconds))
            } catch {
                throw APIError.from(error)
            }
        }
        let json = JSONValue.object(fields)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json.jsonText)))
    }

    /// The request's model and texts; 400 for anything OpenAI's API would refuse or that is not served here.
    static func parse(_ body: String) throws -> (model: String, texts: [String], base64: Bool) {
        func invalid(_ message: String) -> APIError { APIError(.badRequest, code: .invalidRequest, message: message) }
        guard let json = try? JSONValue(parsing: body), case .object = json else {
            throw invalid("the body is not a JSON object")
        }
        guard let model = json["model"]?.stringValue, !model.isEmpty else { throw invalid("model: required") }
        let format = json["encoding_format"]?.stringValue ?? "float"
        guard format == "float" || format == "base64" else {
            throw invalid("encoding_format: use float or base64")
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
        return (model, texts, format == "base64")
    }

    /// The vector as OpenAI's `base64` encoding: its float32 values, little-endian, in base64.
    static func base64(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 32, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift)))
            }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The body as text: 413 over `limit`.
    static func read(_ request: Request, limit: Int) async throws -> String {
        String(buffer: try await JSONBody.collect(request, limit: limit))
    }
}
