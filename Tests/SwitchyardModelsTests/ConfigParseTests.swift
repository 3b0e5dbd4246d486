import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardTesting
import Testing

/// Typed configuration values, parsed once with their place in the file, and fractional timeouts.
@Suite struct ConfigParseTests {
    @Test func aTypoInAKindNamesTheFileLineAndTheAcceptedValues() {
        let yaml = """
            providers:
              a: {kind: opnai, base_url: "http://127.0.0.1:1/v1"}
            models:
              - {name: m, provider: a}
            """
        #expect {
            try GatewayConfig.parse(yaml: yaml, file: "conf/switchyard.yaml")
        } throws: { error in
            guard let e = error as? SwitchyardError, e.code == .invalidConfig else { return false }
            return e.message
                == #"conf/switchyard.yaml:2:13: providers.a.kind: "opnai" is not one of local, openai, anthropic"#
        }
    }

    @Test func aTypoInRedactionAndOtherProblemsAreReportedTogetherWithLines() {
        let yaml = """
            providers:
              a: {kind: local}
            models:
              - {name: m, provider: ghost}
            redaction: shred
            """
        #expect {
            try GatewayConfig.parse(yaml: yaml)
        } throws: { error in
            guard let e = error as? SwitchyardError, e.code == .invalidConfig else { return false }
            return e.details.count == 2
                && e.details.contains(#"switchyard.yaml:5:12: redaction: "shred" is not one of mask, block, off"#)
                && e.details.contains {
                    $0.hasPrefix(#"switchyard.yaml:4:25: models[0].provider: unknown provider "ghost""#)
                }
        }
    }

    @Test func badTextIsQuotedEscapedAndCut() {
        let long = String(repeating: "x", count: 500)
        #expect {
            try GatewayConfig.parse(yaml: "redaction: \"a\\u0007\(long)\"\n")
        } throws: { error in
            guard let e = error as? SwitchyardError, e.code == .invalidConfig else { return false }
            return e.message.contains(#""a\u{7}xxx"#) && e.message.contains("…\" (502 characters)")
                && e.message.count < 200
        }
    }

    @Test func typedValuesParse() throws {
        let config = try GatewayConfig.parse(
            yaml: """
                providers:
                  l: {kind: local}
                  o: {kind: openai, base_url: "http://127.0.0.1:1/v1", timeout_s: 0.5}
                  c: {kind: anthropic}
                models: []
                redaction: block
                """)
        #expect(config.providers["l"]?.kind == .local)
        #expect(config.providers["o"]?.kind == .openai)
        #expect(config.providers["c"]?.kind == .anthropic)
        #expect(config.redaction == .block)
        #expect(config.providers["o"]?.timeoutSeconds == 0.5)
        #expect(ProviderKind(rawValue: "OpenAI") == nil)
        #expect(Redactor.Policy(rawValue: "mask") == .mask)
        #expect(ToolChoice.Mode(rawValue: "requird") == nil)
        #expect(ToolChoice.Mode(rawValue: "required") == .required)
    }

    @Test func aZeroTimeoutIsAProblem() {
        #expect {
            try GatewayConfig.parse(yaml: "providers:\n  o: {kind: openai, base_url: \"http://x/v1\", timeout_s: 0}\n")
        } throws: { ($0 as? SwitchyardError)?.message.contains("providers.o.timeout_s") == true }
    }

    /// `timeout_s: 0.5` is half a second: the HTTP client's deadline used to keep only whole seconds, so every
    /// call failed at once with "did not answer within 0.5 seconds" (this answer takes milliseconds).
    @Test(.timeLimit(.minutes(1))) func aFractionalTimeoutIsKept() async throws {
        try await FakeOpenAIServer.run { base, _ in
            let config = try GatewayConfig.parse(
                yaml: """
                    providers:
                      fake: {kind: openai, base_url: "\(base)", timeout_s: 0.5}
                    models:
                      - {name: m, provider: fake}
                    """)
            let client = try #require(config.makeClients(environment: [:])["m"])
            let reply = try await client.send(ChatRequest(model: "m", messages: [.user("hi")]))
            #expect(reply.response.message.content == "echo: hi")
        }
    }
}
