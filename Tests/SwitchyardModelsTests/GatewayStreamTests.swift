import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardTesting
import Synchronization
import Testing

/// `Gateway.stream`: the same door as `complete`, as deltas.
@Suite(.timeLimit(.minutes(1))) struct GatewayStreamTests {
    func httpGateway(
        _ base: String, models: [String] = ["fake"], ledger: CostLedger = CostLedger()
    ) async
        -> Gateway
    {
        let config = GatewayConfig(
            providers: ["fake": .init(kind: .openai, baseURL: base)],
            models: models.map {
                .init(name: $0, provider: "fake", model: "m", price: .init(input: 1, output: 2))
            },
            routes: ["default": models])
        var clients: [String: any ProviderClient] = [:]
        for m in models { clients[m] = OpenAICompatibleClient(baseURL: base) }
        return await Gateway(config: config, clients: clients, limiter: TestTimer.limiter(), ledger: ledger)
    }

    func collect(_ stream: AsyncThrowingStream<ChatDelta, any Error>) async throws -> (String, ChatDelta?) {
        var text = ""
        var last: ChatDelta?
        for try await delta in stream {
            text += delta.text
            last = delta
        }
        return (text, last)
    }

    @Test func streamsLedgersAndEndsWithUsageAndCacheStatus() async throws {
        try await FakeOpenAIServer.run { base, _ in
            let ledger = CostLedger()
            let gateway = await httpGateway(base, ledger: ledger)
            let request = ChatRequest(messages: [.user("one two three")], temperature: 0)
            let (text, last) = try await collect(gateway.stream(request, context: CallContext(tenant: acme, run: "r1")))
            #expect(text == "echo: one two three")
            #expect(last?.finishReason == .stop)
            #expect(last?.cache == "miss")
            let usage = try #require(last?.usage)
            #expect(usage.completionTokens == 4)
            let totals = ledger.totals(tenant: acme, run: "r1")
            #expect(totals["fake"]?.usage == usage)
            #expect((totals["fake"]?.cost ?? 0) > 0)
            // The same request again replays from the cache as a stream, at no cost.
            let (again, replayLast) = try await collect(gateway.stream(request, context: CallContext(tenant: acme)))
            #expect(again == text)
            #expect(replayLast?.cache == "hit")
            // and `complete` sees the streamed answer in the cache too.
            #expect(try await gateway.complete(request, context: CallContext(tenant: acme)).cache == "hit")
            #expect(try await gateway.complete(request, context: CallContext(tenant: globex)).cache == "miss")
        }
    }

    @Test func fallsBackBeforeTheFirstDelta() async throws {
        let primary = FakeUpstream(failures: -1)  // always 503
        let secondary = FakeUpstream()
        var options = Gateway.Options()
        options.backoff = .milliseconds(1)
        let gateway = await Gateway(
            config: config(
                [("primary", "remote", nil, nil), ("secondary", "remote", nil, nil)],
                routes: ["default": ["primary", "secondary"]]),
            clients: ["primary": primary, "secondary": secondary], limiter: TestTimer.limiter(), options: options)
        let (text, last) = try await collect(
            gateway.stream(ChatRequest(messages: [.user("hi")]), context: CallContext(tenant: acme)))
        #expect(text == "echo: hi")
        #expect(last?.finishReason == .stop)
        #expect(primary.calls == 2)
        #expect(secondary.calls == 1)
    }

    @Test func secretsAreRedactedOnTheStreamingPathToo() async throws {
        try await FakeOpenAIServer.run { base, stats in
            let gateway = await httpGateway(base)
            _ = try await collect(
                gateway.stream(
                    ChatRequest(messages: [.user("key AKIAIOSFODNN7EXAMPLE")]), context: CallContext(tenant: acme)))
            #expect(!stats.lastBody.contains("AKIAIOSFODNN7EXAMPLE"))
            #expect(stats.lastBody.contains(#""stream":true"#))
        }
    }

    @Test func budgetStopsAStreamBeforeTheCall() async throws {
        let upstream = FakeUpstream()
        let gateway = await Gateway(
            config: config(
                [("gpt", "remote", nil, nil)],
                tenants: ["acme": .init(tier: 0, budget: .init(usd: 0.000001, period: "30d"), limits: nil)]),
            clients: ["gpt": upstream], limiter: TestTimer.limiter())
        let error = await #expect(throws: SwitchyardError.self) {
            _ = try await collect(
                gateway.stream(ChatRequest(model: "gpt", messages: [.user("x")]), context: CallContext(tenant: acme)))
        }
        #expect(error?.code == .budgetExceeded)
        #expect(upstream.calls == 0)
    }

    /// Cancelling the consumer closes the HTTP stream: the fake server sees its stream aborted, never completed.
    @Test func cancellingTheConsumerStopsTheUpstreamStream() async throws {
        var behavior = FakeOpenAIServer.Behavior()
        behavior.chunkDelay = .milliseconds(20)
        try await FakeOpenAIServer.run(behavior) { base, stats in
            let ledger = CostLedger()
            let gateway = await httpGateway(base, ledger: ledger)
            let words = (0..<300).map { "w\($0)" }.joined(separator: " ")
            let request = ChatRequest(messages: [.user(words)])
            let (firstSeen, firstContinuation) = AsyncStream<Void>.makeStream()
            let consumer = Task {
                for try await _ in gateway.stream(request, context: CallContext(tenant: acme)) {
                    firstContinuation.yield()
                }
            }
            for await _ in firstSeen { break }
            consumer.cancel()
            _ = await consumer.result
            // Wait (bounded) for the server to notice the closed connection.
            for _ in 0..<500 where stats.streamsAborted == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(stats.streamsAborted == 1)
            #expect(stats.streamsCompleted == 0)
            #expect(stats.chunksSent < 300)
            // What was streamed is still accounted.
            #expect((ledger.totals(tenant: acme)["fake"]?.usage.promptTokens ?? 0) > 0)
        }
    }

    /// The structured form runs in the caller's task: an error thrown by the consumer's closure ends the
    /// request's relay task and, with it, the provider's HTTP stream; what was streamed is accounted.
    @Test func theStructuredFormStopsTheUpstreamWhenTheConsumerThrows() async throws {
        struct Enough: Error {}
        var behavior = FakeOpenAIServer.Behavior()
        behavior.chunkDelay = .milliseconds(20)
        try await FakeOpenAIServer.run(behavior) { base, stats in
            let ledger = CostLedger()
            let gateway = await httpGateway(base, ledger: ledger)
            let words = (0..<300).map { "w\($0)" }.joined(separator: " ")
            let received = Mutex(0)
            await #expect(throws: Enough.self) {
                try await gateway.stream(ChatRequest(messages: [.user(words)]), context: CallContext(tenant: acme)) {
                    _ in
                    if received.withLock({
                        $0 += 1; return $0
                    }) == 3 {
                        throw Enough()
                    }
                }
            }
            #expect(received.withLock { $0 } == 3)
            for _ in 0..<500 where stats.streamsAborted == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(stats.streamsAborted == 1)
            #expect(stats.streamsCompleted == 0)
            #expect((ledger.totals(tenant: acme)["fake"]?.usage.promptTokens ?? 0) > 0)
        }
    }

    /// A provider that accepts the call but sends nothing within the time limit is abandoned (its stream
    /// closed) and the next deployment answers. The limit (0.3 s) is far below the silent server's delay (30 s).
    @Test func aSilentProviderFallsBackAfterTheTimeLimit() async throws {
        var silent = FakeOpenAIServer.Behavior()
        silent.latency = .seconds(30)
        try await FakeOpenAIServer.run(silent) { slowBase, slowStats in
            try await FakeOpenAIServer.run { fastBase, _ in
                var options = Gateway.Options()
                options.timeout = .milliseconds(300)
                options.attemptsPerDeployment = 1
                let gateway = await Gateway(
                    config: GatewayConfig(
                        providers: [
                            "slow": .init(kind: .openai, baseURL: slowBase),
                            "fast": .init(kind: .openai, baseURL: fastBase),
                        ],
                        models: [.init(name: "slow", provider: "slow"), .init(name: "fast", provider: "fast")],
                        routes: ["default": ["slow", "fast"]]),
                    clients: [
                        "slow": OpenAICompatibleClient(baseURL: slowBase),
                        "fast": OpenAICompatibleClient(baseURL: fastBase),
                    ], limiter: TestTimer.limiter(),
                    options: options)
                let (text, _) = try await collect(
                    gateway.stream(ChatRequest(messages: [.user("anyone?")]), context: CallContext(tenant: acme)))
                #expect(text == "echo: anyone?")
                #expect(slowStats.requests == 0 || slowStats.streamsCompleted == 0)
            }
        }
    }

    @Test func gatewayIsAChatModelOnlyOnceBoundToATenant() async throws {
        let upstream = FakeUpstream()
        let gateway = await Gateway(
            config: config([("gpt", "remote", nil, nil)]), clients: ["gpt": upstream], limiter: TestTimer.limiter())
        let model: any ChatModel = gateway.chatModel(for: CallContext(tenant: acme))
        let response = try await model.complete(ChatRequest(model: "gpt", messages: [.user("bound")]))
        #expect(response.message.content == "echo: bound")
        let (text, _) = try await collect(model.stream(ChatRequest(model: "gpt", messages: [.user("bound")])))
        #expect(text == "echo: bound")
    }
}
