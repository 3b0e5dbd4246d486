import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardTesting
import Synchronization
import Testing

/// Personal data per tenant through the gateway: the remote provider (the loopback fake) never sees the originals,
/// the answer is filled back whole and streamed, tool-call arguments too; tenants that did not opt in, and local
/// models, get their text as it is; the cache stays per tenant.
@Suite(.timeLimit(.minutes(1))) struct GatewayPIITests {
    static let originals = [
        "ana@example.com", "+44 20 7946 0958", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "10.0.0.7",
        "2001:db8::7",
    ]
    static let prompt =
        "Customer ana@example.com (+44 20 7946 0958) paid with 4111 1111 1111 1111 from DE89 3704 0044 0532 0130 00, "
        + "logged in from 10.0.0.7 and 2001:db8::7; write to ana@example.com."
    static let masked =
        "Customer <EMAIL_1> (<PHONE_1>) paid with <CARD_1> from <IBAN_1>, logged in from <IP_1> and <IP_2>; "
        + "write to <EMAIL_1>."

    static let tenants: [String: GatewayConfig.Tenant] = [
        "acme": .init(redact: [.email, .phone, .card, .iban, .ip]),
        "initech": .init(tier: 1, redact: [.email]),
        "globex": .init(tier: 1),
    ]

    func gateway(_ base: String) async -> Gateway {
        await Gateway(
            config: GatewayConfig(
                providers: ["fake": .init(kind: .openai, baseURL: base)],
                models: [.init(name: "fake", provider: "fake", model: "m", price: .init(input: 1, output: 2))],
                routes: ["default": ["fake"]], tenants: Self.tenants),
            clients: ["fake": OpenAICompatibleClient(baseURL: base)], limiter: TestTimer.limiter())
    }

    func expectNoOriginal(in bodies: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!bodies.isEmpty, sourceLocation: sourceLocation)
        for body in bodies {
            // The body is JSON: `+` and `/` may be escaped, so compare on the unescaped text too.
            let text = (try? JSONValue(parsing: body))?.jsonText ?? body
            for original in Self.originals {
                #expect(
                    !body.contains(original) && !text.contains(original), "\(original)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func theProviderSeesPlaceholdersAndTheAnswerIsFilledBack() async throws {
        try await FakeOpenAIServer.run { base, stats in
            let gateway = await gateway(base)
            let request = ChatRequest(messages: [.system("Be brief."), .user(Self.prompt)])
            let answer = try await gateway.complete(request, context: CallContext(tenant: acme))
            #expect(answer.message.content == "echo: " + Self.prompt)
            expectNoOriginal(in: stats.bodies)
            #expect(stats.lastBody.contains(Self.masked))
        }
    }

    @Test func aStreamedAnswerIsFilledBackToo() async throws {
        try await FakeOpenAIServer.run { base, stats in
            let gateway = await gateway(base)
            var text = ""
            var deltas = 0
            for try await delta in gateway.stream(
                ChatRequest(messages: [.user(Self.prompt)]), context: CallContext(tenant: acme))
            {
                text += delta.text
                deltas += 1
                #expect(!delta.text.contains("<EMAIL_") && !delta.text.contains("<IBAN_"))
            }
            #expect(text == "echo: " + Self.prompt)
            #expect(deltas > 5)
            expectNoOriginal(in: stats.bodies)
            #expect(stats.lastBody.contains(#""stream":true"#))
        }
    }

    /// A provider that cuts its answer into three-character deltas, so every placeholder arrives in pieces.
    @Test func placeholdersSplitAcrossDeltasAreHeldBackAndFilled() async throws {
        let upstream = ChoppingUpstream(answer: "To <EMAIL_1>, card <CARD_1>, from <IP_1>. <EMAIL_9> stays.")
        let gateway = await Gateway(
            config: config([("chop", "remote", nil, nil)], tenants: Self.tenants), clients: ["chop": upstream],
            limiter: TestTimer.limiter())
        var pieces: [String] = []
        for try await delta in gateway.stream(
            ChatRequest(messages: [.user("I am ana@example.com, card 4111 1111 1111 1111, at 10.0.0.7")]),
            context: CallContext(tenant: acme))
        {
            if !delta.text.isEmpty { pieces.append(delta.text) }
        }
        #expect(pieces.joined() == "To ana@example.com, card 4111 1111 1111 1111, from 10.0.0.7. <EMAIL_9> stays.")
        #expect(pieces.contains { $0.contains("ana@example.com") })
        #expect(!pieces.contains { $0.hasSuffix("<") || $0.hasSuffix("<EM") })
        #expect(upstream.seen == ["I am <EMAIL_1>, card <CARD_1>, at <IP_1>"])
    }

    static let mail = ToolDefinition(
        name: "mail", description: "send a mail",
        parameters: [
            "type": "object", "required": ["to", "body"],
            "properties": ["to": ["type": "string"], "body": ["type": "string"]],
        ])

    /// Tool-call arguments in the answer are filled back, whole and streamed; a repair round (invalid arguments
    /// sent back to the model) carries no original either.
    @Test func toolCallArgumentsAreFilledBackAndRepairsStayMasked() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.script = [
            .init(toolCalls: [("mail", #"{"to": "<EMAIL_1>"}"#)]),  // no body: invalid, repaired
            .init(toolCalls: [("mail", #"{"to": "<EMAIL_1>", "body": "Card <CARD_1> was charged."}"#)]),
            .init(toolCalls: [("mail", #"{"to": "<EMAIL_1>", "body": "From <IP_1>."}"#)]),
        ]
        try await FakeOpenAIServer.run(behavior) { base, stats in
            let gateway = await gateway(base)
            let request = ChatRequest(
                messages: [.user(Self.prompt)], tools: [Self.mail], toolChoice: .required)
            let answer = try await gateway.complete(request, context: CallContext(tenant: acme))
            #expect(
                answer.message.toolCalls.first?.arguments
                    == ["to": "ana@example.com", "body": "Card 4111 1111 1111 1111 was charged."])
            #expect(stats.bodies.count == 2)
            var fragments: [ChatDelta.ToolCallFragment] = []
            for try await delta in gateway.stream(request, context: CallContext(tenant: acme)) {
                fragments += delta.toolCalls
            }
            #expect(
                try JSONValue(parsing: fragments[0].arguments) == ["to": "ana@example.com", "body": "From 10.0.0.7."])
            expectNoOriginal(in: stats.bodies)
            #expect(stats.bodies.count == 3)
        }
    }

    /// acme opted in to every class, initech to e-mail only, globex to none: each provider request shows it.
    @Test func onlyOptedInTenantsAndClassesAreMasked() async throws {
        try await FakeOpenAIServer.run { base, stats in
            let gateway = await gateway(base)
            let request = ChatRequest(messages: [.user("ana@example.com at 10.0.0.7")])
            let forGlobex = try await gateway.complete(request, context: CallContext(tenant: globex, tier: 1))
            #expect(stats.lastBody.contains("ana@example.com at 10.0.0.7"))
            #expect(forGlobex.message.content == "echo: ana@example.com at 10.0.0.7")
            let initech = try TenantID("initech")
            let forInitech = try await gateway.complete(request, context: CallContext(tenant: initech, tier: 1))
            #expect(stats.lastBody.contains("<EMAIL_1> at 10.0.0.7"))
            #expect(forInitech.message.content == "echo: ana@example.com at 10.0.0.7")
            _ = try await gateway.complete(request, context: CallContext(tenant: acme))
            #expect(stats.lastBody.contains("<EMAIL_1> at <IP_1>"))
        }
    }

    /// Local models need no masking (the data does not leave the machine), as for secrets.
    @Test func localModelsGetTheTextAsItIs() async throws {
        let local = FakeUpstream(kind: "local")
        let gateway = await Gateway(
            config: config([("engine", "local", nil, nil)], tenants: Self.tenants), clients: ["engine": local],
            limiter: TestTimer.limiter())
        let answer = try await gateway.complete(
            ChatRequest(messages: [.user("mail ana@example.com")]), context: CallContext(tenant: acme))
        #expect(local.lastPrompt == "mail ana@example.com")
        #expect(answer.message.content == "echo: mail ana@example.com")
    }

    /// Two tenants whose prompts mask to the same text never share a cached answer, and within a tenant another
    /// address is another entry: the cache is keyed on the tenant and the original request, and holds the
    /// filled-back answer only under that tenant.
    @Test func theCacheStaysPerTenantAndPerOriginal() async throws {
        try await FakeOpenAIServer.run { base, stats in
            let gateway = await gateway(base)
            let initech = try TenantID("initech")
            func ask(_ address: String, _ tenant: TenantID) async throws -> ChatResponse {
                try await gateway.complete(
                    ChatRequest(messages: [.user("Reply to \(address)")], temperature: 0),
                    context: CallContext(tenant: tenant, tier: 1))
            }
            let first = try await ask("ana@example.com", acme)
            #expect(first.cache == "miss" && first.message.content == "echo: Reply to ana@example.com")
            let other = try await ask("bo@example.com", initech)
            #expect(other.cache == "miss" && other.message.content == "echo: Reply to bo@example.com")
            let sameMaskedText = try await ask("bo@example.com", acme)
            #expect(sameMaskedText.cache == "miss" && sameMaskedText.message.content == "echo: Reply to bo@example.com")
            let again = try await ask("ana@example.com", acme)
            #expect(again.cache == "hit" && again.message.content == "echo: Reply to ana@example.com")
            #expect(stats.bodies.count == 3)
            #expect(stats.bodies.allSatisfy { $0.contains("Reply to <EMAIL_1>") })
        }
    }

    @Test func secretsAndPersonalDataAreMaskedTogether() async throws {
        try await FakeOpenAIServer.run { base, stats in
            let gateway = await gateway(base)
            let answer = try await gateway.complete(
                ChatRequest(messages: [.user("key AKIAIOSFODNN7EXAMPLE for ana@example.com")]),
                context: CallContext(tenant: acme))
            #expect(stats.lastBody.contains("key [REDACTED:aws_access_key] for <EMAIL_1>"))
            #expect(answer.message.content == "echo: key [REDACTED:aws_access_key] for ana@example.com")
        }
    }
}

/// A remote provider double that records what it was sent and streams a fixed answer in three-character deltas.
final class ChoppingUpstream: ProviderClient {
    let kind = "openai"
    let answer: String
    private let sent = Mutex<[String]>([])

    init(answer: String) { self.answer = answer }

    /// The user texts it was sent.
    var seen: [String] { sent.withLock { $0 } }

    func send(_ request: ChatRequest) async throws -> ProviderReply {
        sent.withLock { $0 += request.messages.filter { $0.role == .user }.map(\.content) }
        return ProviderReply(
            response: ChatResponse(
                model: request.model, message: .assistant(answer), finishReason: .stop,
                usage: Usage(promptTokens: 10, completionTokens: 10)))
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, any Error> {
        sent.withLock { $0 += request.messages.filter { $0.role == .user }.map(\.content) }
        let characters = Array(answer)
        return AsyncThrowingStream { continuation in
            for start in stride(from: 0, to: characters.count, by: 3) {
                continuation.yield(ChatDelta(text: String(characters[start..<min(start + 3, characters.count)])))
            }
            continuation.yield(ChatDelta(finishReason: .stop, usage: Usage(promptTokens: 10, completionTokens: 10)))
            continuation.finish()
        }
    }
}
