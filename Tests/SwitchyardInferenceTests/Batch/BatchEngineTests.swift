import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import Testing

@testable import SwitchyardInference

/// The batch engine on real weights: batching, prefix reuse and admission must not change any answer.
@Suite("Batch engine", .serialized)
struct BatchEngineTests {
    static let smollm: Result<LanguageModel, any Error> = Result {
        try LanguageModel(ModelFiles.path(ModelFiles.smollm2), threads: 2)
    }
    static let gemma: Result<LanguageModel, any Error> = Result {
        try LanguageModel(ModelFiles.path(ModelFiles.gemma3), threads: 2)
    }
    static let context = 512

    /// A system prompt longer than two prefill chunks, shared by several requests.
    static let system =
        "You are a careful assistant for a travel agency. Answer in one short sentence. Never invent prices, "
        + "dates or availability; when you do not know, say so and offer to check. Prefer trains to planes "
        + "for trips under five hundred kilometres. Address the customer politely and keep a warm tone. The "
        + "agency is open from nine to six on weekdays and from ten to two on Saturdays. It is closed on "
        + "Sundays and public holidays. Refunds take up to ten working days. Always mention the booking "
        + "reference when the customer gives one, and repeat the destination to confirm it."

    static let questions = [
        "What is the capital of France?", "Can I get a refund for my train ticket to Lyon?",
        "Are you open on Sunday?", "How long does a refund take?", "Is it faster to fly to Brussels from Paris?",
        "My booking reference is AB123. Can you confirm my trip to Rome?",
    ]

    static func model(_ name: String) throws -> LanguageModel {
        try (name == "smollm2" ? smollm : gemma).get()
    }

    static func prompt(
        _ lm: LanguageModel, _ question: String, system: String? = BatchEngineTests.system
    ) throws
        -> [Int32]
    {
        if case .success = lm.chatTemplate { return try lm.encodeChat([.user(question)], system: system) }
        return try lm.encodeRaw((system.map { $0 + "\n\n" } ?? "") + "Question: " + question + "\nAnswer:")
    }

    static func alone(_ lm: LanguageModel, _ prompt: [Int32], _ options: GenerationOptions) throws -> [Int32] {
        let session = lm.makeSession(contextLength: context)
        return try Generator.run(session: session, prompt: prompt, tokenizer: lm.tokenizer, options: options).tokens
    }

    static func collect(_ stream: AsyncThrowingStream<GenerationEvent, any Error>) async throws -> GenerationResult {
        var result: GenerationResult?
        for try await event in stream {
            if case .finished(let r) = event { result = r }
        }
        return try #require(result)
    }

    /// Starts every request before awaiting any, so they share steps.
    static func batched(
        _ engine: BatchEngine, _ prompts: [[Int32]], _ options: [GenerationOptions], tenant: TenantID = .default
    ) async throws -> [GenerationResult] {
        let streams = zip(prompts, options).map { engine.generate(prompt: $0, options: $1, tenant: tenant) }
        return try await withThrowingTaskGroup(of: (Int, GenerationResult).self) { group in
            for (i, s) in streams.enumerated() { group.addTask { (i, try await collect(s)) } }
            var out = [GenerationResult?](repeating: nil, count: streams.count)
            for try await (i, r) in group { out[i] = r }
            return out.map { $0! }
        }
    }

    @Test(arguments: ["smollm2", "gemma3-270m"])
    func batchedGreedyAnswersEqualAlone(_ name: String) async throws {
        let lm = try Self.model(name)
        // Different lengths (one, two and three prefill chunks) and token budgets, so sequences join and leave.
        var prompts = try Self.questions.map { try Self.prompt(lm, $0) }
        prompts[1] = try Self.prompt(lm, Self.questions[1], system: nil)
        prompts[4] = try Self.prompt(lm, Self.questions[4] + " " + Self.system, system: Self.system)
        let options = prompts.indices.map { i in GenerationOptions(maxTokens: 12 + 4 * i, sampling: .greedy) }
        let expected = try zip(prompts, options).map { try Self.alone(lm, $0, $1) }
        let engine = BatchEngine(
            lm, options: BatchEngineOptions(prefillTokensPerStep: 64, prefixCacheBytes: 0, contextLength: Self.context))
        let results = try await Self.batched(engine, prompts, options)
        for (i, r) in results.enumerated() {
            #expect(r.tokens == expected[i], "request \(i) of \(name) differs from its run alone")
        }
        let stats = engine.stats
        #expect(stats.largestBatch >= 4, "the requests did not share steps: \(stats)")
        #expect(stats.running == 0 && stats.waiting == 0)
    }

    @Test func constraintsAndSamplersStayPerSequence() async throws {
        let lm = try Self.model("smollm2")
        let prompts = try ["Pick a colour.", "Is water wet? Answer yes or no.", "Name a fruit."].map {
            try Self.prompt(lm, $0, system: nil)
        }
        var options = prompts.map { _ in GenerationOptions(maxTokens: 16, sampling: .greedy) }
        options[0].constraint = try .choice(["red", "green", "blue"])
        options[1].constraint = try .regex("(yes|no)")
        options[2].sampling = SamplingOptions(temperature: 0.9, seed: 7)
        let expected = try zip(prompts, options).map { try Self.alone(lm, $0, $1) }
        let engine = BatchEngine(lm, options: BatchEngineOptions(contextLength: Self.context))
        let results = try await Self.batched(engine, prompts, options)
        #expect(results.map(\.tokens) == expected)
        #expect(results[0].constraintSatisfied == true && results[1].constraintSatisfied == true)
    }

    @Test func prefixReuseGivesTheSameAnswer() async throws {
        let lm = try Self.model("smollm2")
        let engine = BatchEngine(lm, options: BatchEngineOptions(contextLength: Self.context))
        let options = GenerationOptions(maxTokens: 16, sampling: .greedy)
        let first = try Self.prompt(lm, Self.questions[0])
        _ = try await Self.collect(engine.generate(prompt: first, options: options, tenant: .default))
        #expect(engine.stats.prefixHits == 0 && engine.stats.prefixEntries == 1)
        for q in Self.questions.dropFirst() {
            let p = try Self.prompt(lm, q)
            let r = try await Self.collect(engine.generate(prompt: p, options: options, tenant: .default))
            #expect(r.tokens == (try Self.alone(lm, p, options)), "'\(q)' with a reused prefix differs")
        }
        let stats = engine.stats
        #expect(stats.prefixHits == Self.questions.count - 1)
        #expect(stats.prefixTokensReused >= 64 * (Self.questions.count - 1))
    }

    @Test func prefixesAreNeverSharedAcrossTenants() async throws {
        let lm = try Self.model("smollm2")
        let engine = BatchEngine(lm, options: BatchEngineOptions(contextLength: Self.context))
        let options = GenerationOptions(maxTokens: 4, sampling: .greedy)
        let p = try Self.prompt(lm, Self.questions[0])
        let a = try TenantID("tenant-a"), b = try TenantID("tenant-b")
        _ = try await Self.collect(engine.generate(prompt: p, options: options, tenant: a))
        _ = try await Self.collect(engine.generate(prompt: p, options: options, tenant: b))
        #expect(engine.stats.prefixHits == 0, "tenant b reused tenant a's prefix")
        _ = try await Self.collect(engine.generate(prompt: p, options: options, tenant: a))
        _ = try await Self.collect(engine.generate(prompt: p, options: options, tenant: b))
        #expect(engine.stats.prefixHits == 2)
    }

    @Test(.timeLimit(.minutes(2)))
    func cancellationFreesTheSlot() async throws {
        let lm = try Self.model("smollm2")
        let engine = BatchEngine(lm, options: BatchEngineOptions(maxSequences: 1, contextLength: Self.context))
        var long = GenerationOptions(maxTokens: 400, sampling: .greedy)
        long.ignoreEndOfGeneration = true
        let p = try Self.prompt(lm, Self.questions[0], system: nil)
        let running = Task {
            var n = 0
            for try await event in engine.generate(prompt: p, options: long, tenant: .default) {
                if case .token = event { n += 1 }
            }
            return n
        }
        while engine.stats.steps < 3 { try await Task.sleep(for: .milliseconds(5)) }
        // A request that waits, then is cancelled while waiting, leaves the queue at once.
        let waiting = Task {
            for try await _ in engine.generate(prompt: p, options: GenerationOptions(maxTokens: 4), tenant: .default) {}
        }
        while engine.stats.waiting < 1 { try await Task.sleep(for: .milliseconds(5)) }
        waiting.cancel()
        while engine.stats.waiting > 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(engine.stats.cancelled == 1)
        // The next request waits for the only slot, which the cancelled long generation frees.
        let next = Task {
            try await Self.collect(
                engine.generate(
                    prompt: p, options: GenerationOptions(maxTokens: 4, sampling: .greedy), tenant: .default))
        }
        while engine.stats.waiting < 1 { try await Task.sleep(for: .milliseconds(5)) }
        running.cancel()
        let produced = try await running.value
        let r = try await next.value
        #expect(produced < 400 && r.completionTokens == 4)
        #expect(engine.stats.cancelled == 2 && engine.stats.running == 0)
    }

    @Test func badPromptsFailAtOnce() async throws {
        let lm = try Self.model("smollm2")
        let engine = BatchEngine(lm, options: BatchEngineOptions(contextLength: 64))
        for (prompt, code) in [([Int32](), SwitchyardError.Code.emptyPrompt), ([1, 99_999], .invalidToken)]
            + [(Array(repeating: 1, count: 64), .contextLengthExceeded)]
        {
            await #expect(throws: SwitchyardError.self) {
                _ = try await Self.collect(engine.generate(prompt: prompt, options: .init(), tenant: .default))
            }
            do {
                _ = try await Self.collect(engine.generate(prompt: prompt, options: .init(), tenant: .default))
            } catch let e as SwitchyardError {
                #expect(e.code == code)
            }
        }
    }
}
