import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchyardCore

/// The HTTP plumbing providers share: execute with a timeout, classify failures, read JSON or events,
/// and keep the API key out of every error.
struct HTTPTransport: Sendable {
    let baseURL: String
    let apiKey: String?
    /// Extra headers from the configuration, sent with every request.
    let headers: [String: String]
    let timeout: Duration
    let http: HTTPClient

    init(baseURL: String, apiKey: String?, headers: [String: String], timeout: Duration, http: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.headers = headers
        self.timeout = timeout
        self.http = http
    }

    /// A JSON POST to `path` with the provider's own headers plus the configured ones.
    func post(_ path: String, body: JSONValue, headers own: [(String, String)]) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in own { request.headers.add(name: name, value: value) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: try JSONCoding.encoder.encode(body)))
        return request
    }

    var host: String { URL(string: baseURL)?.host ?? baseURL }

    func execute(_ request: HTTPClientRequest) async throws -> (HTTPClientResponse, RateLimitFeedback) {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: TimeAmount(timeout))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw ProviderError(kind: .transient, message: "\(host) did not answer within \(timeout)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ProviderError(kind: .transient, message: "cannot reach \(host): \(scrub(String(describing: error)))")
        }
        let feedback = RateLimitFeedback(headers: response.headers.map { ($0.name, $0.value) })
        if !(200..<300).contains(response.status.code) {
            let body = try await response.body.collect(upTo: 1 << 20)
            let text = String(buffer: body)
            let message = (try? JSONValue(parsing: text))?["error"]?["message"]?.stringValue ?? String(text.prefix(300))
            throw ProviderError.http(Int(response.status.code), message: scrub(message), feedback: feedback)
        }
        return (response, feedback)
    }

    func json(_ request: HTTPClientRequest) async throws -> (JSONValue, RateLimitFeedback) {
        let (response, feedback) = try await execute(request)
        let body = try await response.body.collect(upTo: 64 << 20)
        guard let json = try? JSONValue(parsing: String(buffer: body)) else {
            throw ProviderError(kind: .transient, message: "\(host) answered with malformed JSON", feedback: feedback)
        }
        return (json, feedback)
    }

    /// Streams server-sent events to `handle` until it returns true or the body ends.
    func events(_ request: HTTPClientRequest, _ handle: (ServerSentEventParser.Event) throws -> Bool) async throws {
        let (response, _) = try await execute(request)
        var parser = ServerSentEventParser()
        for try await chunk in response.body {
            for event in parser.feed(chunk.readableBytesView) where try handle(event) { return }
        }
    }

    /// Removes the key (and anything that looks like a secret) from text that may reach a log or a user.
    func scrub(_ text: String) -> String {
        var out = text
        if let apiKey, !apiKey.isEmpty { out = out.replacingOccurrences(of: apiKey, with: "[REDACTED]") }
        return (try? Redactor(policy: .mask).apply(to: out, field: "error")) ?? out
    }
}
