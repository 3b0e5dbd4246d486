import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchyardCore
import SwitchyardModels
import SwitchyardServer
import Synchronization
import Testing

/// `switchyard serve` without a switchyard.yaml: the installed local models under their short names.
@Suite(.timeLimit(.minutes(2))) struct InstalledModelsTests {
    /// Tests/SwitchyardServerTests/… → the repository's models/ (or SWITCHYARD_MODELS_DIR).
    static var modelsDirectory: String {
        ProcessInfo.processInfo.environment["SWITCHYARD_MODELS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models").path
    }

    @Test func withoutAFileTheInstalledLocalModelsAreServed() async throws {
        let logs = LogCapture()
        let logger = Logger(label: "test") { _ in logs }
        let config = try gatewayConfiguration(
            path: nil, defaultPath: "/nonexistent/switchyard.yaml", modelsDirectory: Self.modelsDirectory,
            environment: [:], logger: logger)
        #expect(config.models.map(\.name) == ["smollm2", "gemma3-270m", "minilm"])
        #expect(config.routes["default"] == ["smollm2"])
        #expect(logs.messages.contains { $0.contains("serving the installed local models") })

        let gateway = try await GatewayFactory.make(config: config, environment: [:])
        let app = buildApplication(
            gateway: gateway, options: ServerOptions(tenantHeader: true), embedders: try config.makeEmbedders())
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/models", method: .get, headers: tenantHeaders) { response in
                #expect(response.status == .ok)
                let json = try JSONValue(parsing: String(buffer: response.body))
                let ids = (0..<3).compactMap { json["data"]?[$0]?["id"]?.stringValue }
                #expect(ids == ["smollm2", "gemma3-270m", "minilm"])
            }
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: tenantHeaders,
                body: chatBody(model: "smollm2", text: "Say hi.", extra: #","max_tokens":3,"temperature":0"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try JSONValue(parsing: String(buffer: response.body))
                #expect(json["model"]?.stringValue == "smollm2")
                #expect((json["usage"]?["completion_tokens"]?.intValue ?? 0) > 0)
            }
            try await client.execute(
                uri: "/v1/embeddings", method: .post, headers: tenantHeaders,
                body: ByteBuffer(string: #"{"model":"minilm","input":["a cat sat","on the mat"]}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try JSONValue(parsing: String(buffer: response.body))
                for i in 0..<2 {
                    guard case .array(let vector)? = json["data"]?[i]?["embedding"] else {
                        Issue.record("no embedding \(i)")
                        continue
                    }
                    #expect(vector.count == 384)
                    let norm = vector.reduce(0.0) { sum, value in
                        guard case .double(let x) = value else { return sum }
                        return sum + x * x
                    }.squareRoot()
                    #expect(abs(norm - 1) < 1e-3)
                }
                #expect((json["usage"]?["prompt_tokens"]?.intValue ?? 0) >= 6)
            }
            // base64 (what the official clients ask for): the same vector as little-endian float32.
            let floats = try JSONValue(
                parsing: String(
                    buffer: try await client.execute(
                        uri: "/v1/embeddings", method: .post, headers: tenantHeaders,
                        body: ByteBuffer(string: #"{"model":"minilm","input":"a cat sat"}"#)
                    ).body))
            let packed = try JSONValue(
                parsing: String(
                    buffer: try await client.execute(
                        uri: "/v1/embeddings", method: .post, headers: tenantHeaders,
                        body: ByteBuffer(string: #"{"model":"minilm","input":"a cat sat","encoding_format":"base64"}"#)
                    ).body))
            let bytes = try #require(Data(base64Encoded: packed["data"]?[0]?["embedding"]?.stringValue ?? ""))
            #expect(bytes.count == 384 * 4)
            let decoded = stride(from: 0, to: bytes.count, by: 4).map { offset in
                Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << UInt32(8 * $1) })
            }
            let expected = floats["data"]?[0]?["embedding"]?.arrayValue?.compactMap(\.numberValue) ?? []
            #expect(decoded.count == expected.count)
            #expect(zip(decoded, expected).allSatisfy { abs(Double($0) - $1) < 1e-6 })
            let badFormat = try await client.execute(
                uri: "/v1/embeddings", method: .post, headers: tenantHeaders,
                body: ByteBuffer(string: #"{"model":"minilm","input":"x","encoding_format":"hex"}"#))
            #expect(badFormat.status == .badRequest)
            try await client.execute(
                uri: "/v1/embeddings", method: .post, headers: tenantHeaders,
                body: ByteBuffer(string: #"{"model":"smollm2","input":"x"}"#)
            ) { response in
                #expect(response.status == .notFound)
                #expect(errorBody(response).code == "unknown_model")
            }
        }
    }

    @Test func withoutAFileOrAModelTheErrorSaysWhatToDo() throws {
        let empty = NSTemporaryDirectory() + "switchyard-no-models-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect {
            try gatewayConfiguration(
                path: nil, defaultPath: empty + "/switchyard.yaml", modelsDirectory: empty, environment: [:],
                logger: Logger(label: "test"))
        } throws: { error in
            guard let e = error as? SwitchyardError, e.code == .configNotFound else { return false }
            return e.message.contains("scripts/fetch-models") && e.message.contains(empty)
        }
    }

    @Test func aFileTheUserNamesMustExist() {
        #expect {
            try gatewayConfiguration(
                path: "/nonexistent/mine.yaml", modelsDirectory: Self.modelsDirectory, environment: [:],
                logger: Logger(label: "test"))
        } throws: { ($0 as? SwitchyardError)?.code == .configNotFound }
    }

    @Test func theDefaultFileWinsWhenPresent() throws {
        let dir = NSTemporaryDirectory() + "switchyard-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yaml = """
            providers:
              fake: {kind: openai, base_url: "http://127.0.0.1:9/v1"}
            models:
              - {name: gpt-fake, provider: fake}
            """
        try yaml.write(toFile: dir + "/switchyard.yaml", atomically: true, encoding: .utf8)
        let config = try gatewayConfiguration(
            path: nil, defaultPath: dir + "/switchyard.yaml", modelsDirectory: Self.modelsDirectory, environment: [:],
            logger: Logger(label: "test"))
        #expect(config.models.map(\.name) == ["gpt-fake"])
    }
}

/// A log handler that keeps the messages, for tests.
final class LogCapture: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var messages: [String] { lines.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        lines.withLock { $0.append(event.message.description) }
    }
}
