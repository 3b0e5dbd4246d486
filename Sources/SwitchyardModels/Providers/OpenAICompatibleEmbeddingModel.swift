import AsyncHTTPClient
import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// Embeddings from any OpenAI-compatible `/embeddings` endpoint (OpenAI, vLLM, TGI, Ollama, llama.cpp server).
/// Texts go in batches of `batchSize`; vectors come back in input order (by the response's `index`), checked
/// against `dimensions` and L2-normalized, as ``EmbeddingModel`` promises. The key never appears in errors.
public struct OpenAICompatibleEmbeddingModel: EmbeddingModel {
    let transport: HTTPTransport
    /// The upstream model id sent as `model`.
    public let model: String
    public let dimensions: Int
    public let batchSize: Int
    public var identifier: String { model }

    /// An embedding model served at `baseURL`.
    /// - Parameters:
    ///   - baseURL: The API root, e.g. `https://api.openai.com/v1`.
    ///   - model: The upstream model id.
    ///   - dimensions: The vectors' length, checked on every answer.
    ///   - apiKey: The key, sent as a bearer token; nil sends none.
    ///   - headers: Extra headers sent with every request.
    ///   - batchSize: Most texts per request (at least 1).
    ///   - timeout: Per-request timeout.
    ///   - http: The HTTP client.
    public init(
        baseURL: String, model: String, dimensions: Int, apiKey: String? = nil, headers: [String: String] = [:],
        batchSize: Int = 256, timeout: Duration = .seconds(60), http: HTTPClient = .shared
    ) {
        transport = HTTPTransport(baseURL: baseURL, apiKey: apiKey, headers: headers, timeout: timeout, http: http)
        self.model = model
        self.dimensions = dimensions
        self.batchSize = max(1, batchSize)
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            vectors += try await embedBatch(batch)
            start += batch.count
        }
        return vectors
    }

    private func embedBatch(_ texts: [String]) async throws -> [[Float]] {
        var own: [(String, String)] = []
        if let key = transport.apiKey { own.append(("authorization", "Bearer \(key)")) }
        let body: JSONValue = ["model": .string(model), "input": .array(texts.map { .string($0) })]
        let (json, _) = try await transport.json(try transport.post("/embeddings", body: body, headers: own))
        guard case .array(let data)? = json["data"], data.count == texts.count else {
            throw malformed("expected \(texts.count) embeddings in 'data'")
        }
        var vectors = [[Float]?](repeating: nil, count: texts.count)
        for (position, item) in data.enumerated() {
            let index = item["index"]?.intValue ?? position
            guard (0..<texts.count).contains(index), vectors[index] == nil,
                case .array(let values)? = item["embedding"]
            else { throw malformed("item \(position) has no usable 'index' and 'embedding'") }
            let vector = values.compactMap { value -> Float? in
                switch value {
                case .double(let d): Float(d)
                case .int(let i): Float(i)
                default: nil
                }
            }
            guard vector.count == dimensions, values.count == dimensions else {
                throw malformed(
                    "item \(position) has \(values.count) numbers; '\(model)' is configured with \(dimensions)")
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { throw malformed("item \(position) is a zero or non-finite vector") }
            vectors[index] = vector.map { $0 / norm }
        }
        return vectors.map { $0! }
    }

    private func malformed(_ what: String) -> ProviderError {
        ProviderError(
            kind: .transient, message: "\(transport.host) answered /embeddings with a malformed body: \(what)")
    }
}
