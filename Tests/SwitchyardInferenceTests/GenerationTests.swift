import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import Testing

@testable import SwitchyardInference

@Suite("Generation API")
struct GenerationTests {
    static let lm: Result<LanguageModel, any Error> = Result {
        try LanguageModel(ModelFiles.path(ModelFiles.smollm2), threads: 2)
    }

    @Test func streamsTextAndFinishesWithResult() async throws {
        let lm = try Self.lm.get()
        let session = lm.makeSession(contextLength: 256)
        let prompt = try lm.encodeChat([.user("What is the capital of France?")])
        var pieces = ""
        var result: GenerationResult?
        for try await e in lm.generate(
            session: session, prompt: prompt, options: GenerationOptions(maxTokens: 8, sampling: .greedy))
        {
            switch e {
            case .token(_, let t): pieces += t
            case .finished(let r): result = r
            }
        }
        let r = try #require(result)
        #expect(r.completionTokens == 8 && r.tokens.count == 8 && r.finishReason == .length)
        #expect(r.text == pieces)
        #expect(r.tokens.prefix(4) == [60, 23, 39614, 1141])  // llama.cpp's "L'Étoile"
        #expect(r.promptTokens == 37)
    }

    @Test func sameSeedSameText() throws {
        let lm = try Self.lm.get()
        let prompt = try lm.encodeChat([.user("Write a short poem about the sea.")])
        let opts = GenerationOptions(maxTokens: 12, sampling: SamplingOptions(temperature: 1.0, seed: 42))
        let a = try Generator.run(
            session: lm.makeSession(contextLength: 256), prompt: prompt, tokenizer: lm.tokenizer, options: opts)
        let b = try Generator.run(
            session: lm.makeSession(contextLength: 256), prompt: prompt, tokenizer: lm.tokenizer, options: opts)
        #expect(a.tokens == b.tokens && a.text == b.text)
    }

    @Test func promptOverContextLimitNamesTheLimit() throws {
        let lm = try Self.lm.get()
        let session = lm.makeSession(contextLength: 16)
        let prompt = try lm.encodeRaw(String(repeating: "hello world ", count: 20))
        do {
            _ = try Generator.run(
                session: session, prompt: prompt, tokenizer: lm.tokenizer, options: GenerationOptions())
            Issue.record("expected context_length_exceeded")
        } catch let e as SwitchyardError {
            #expect(e.code == .contextLengthExceeded)
            #expect(e.message.contains("16"))
        }
    }

    @Test func stopSequenceEndsGeneration() throws {
        let lm = try Self.lm.get()
        let prompt = try lm.encodeChat([.user("What is the capital of France?")])
        let r = try Generator.run(
            session: lm.makeSession(contextLength: 256), prompt: prompt, tokenizer: lm.tokenizer,
            options: GenerationOptions(maxTokens: 30, sampling: .greedy, stop: ["Cité"]))
        // The greedy continuation starts "L'Étoile, la Cité, la Nation, …" (with llama.cpp's numerics,
        // docs/inference.md); generation stops before the stop sequence.
        #expect(r.finishReason == .stop)
        #expect(r.text == "L'Étoile, la ")
    }

    @Test func cancellationFlagStopsGeneration() throws {
        let lm = try Self.lm.get()
        var seen = 0
        let r = try Generator.run(
            session: lm.makeSession(contextLength: 256), prompt: lm.encodeRaw("Once upon a time"),
            tokenizer: lm.tokenizer, options: GenerationOptions(maxTokens: 100, sampling: .greedy),
            isCancelled: { seen >= 3 }, emit: { if case .token = $0 { seen += 1 } })
        #expect(r.finishReason == .cancelled)
        #expect(r.completionTokens == 3)
    }

    @Test func droppingTheStreamCancels() async throws {
        let lm = try Self.lm.get()
        let session = lm.makeSession(contextLength: 4100)
        let prompt = try lm.encodeRaw("Once upon a time")
        let maxTokens = 4000
        var count = 0
        for try await e in lm.generate(
            session: session, prompt: prompt, options: GenerationOptions(maxTokens: maxTokens, sampling: .greedy))
        {
            if case .token = e { count += 1 }
            if count == 3 { break }  // dropping the stream cancels generation
        }
        #expect(count == 3)
        // Wait in real time until the generator thread stops advancing the session. The producer may run ahead
        // of a consumer starved by other tests, but it must stop long before all 4,000 tokens.
        var last = -1
        for _ in 0..<40 where session.tokens.count != last {
            last = session.tokens.count
            usleep(500_000)
        }
        #expect(session.tokens.count == last, "generation still running after the stream was dropped")
        #expect(session.tokens.count < prompt.count + maxTokens)
    }

    @Test func sessionReusesCachedPrefix() throws {
        let lm = try Self.lm.get()
        let session = lm.makeSession(contextLength: 256)
        let p1 = try lm.encodeChat([.user("Hi")])
        let r1 = try Generator.run(
            session: session, prompt: p1, tokenizer: lm.tokenizer,
            options: GenerationOptions(maxTokens: 4, sampling: .greedy))
        let fresh = try Generator.run(
            session: lm.makeSession(contextLength: 256), prompt: p1 + r1.tokens, tokenizer: lm.tokenizer,
            options: GenerationOptions(maxTokens: 4, sampling: .greedy))
        let reused = try Generator.run(
            session: session, prompt: p1 + r1.tokens, tokenizer: lm.tokenizer,
            options: GenerationOptions(maxTokens: 4, sampling: .greedy))
        #expect(fresh.tokens == reused.tokens)
    }

    @Test func modelLocatorErrors() {
        #expect(errorCode { try ModelLocator.resolve("no-such-model") } == .modelNotFound)
        #expect(errorCode { try ModelLocator.resolve("smollm2", modelsDir: "/nonexistent") } == .modelNotFound)
        #expect((try? ModelLocator.resolve("smollm2", modelsDir: ModelFiles.modelsDir)) != nil)
    }

    @Test func gemmaBaseHasNoChatTemplate() throws {
        let lm = try LanguageModel(ModelFiles.path(ModelFiles.gemma3), threads: 2)
        #expect(errorCode { try lm.encodeChat([.user("hi")]) } == .chatTemplateMissing)
        let ids = try lm.encodeRaw("The capital of France is")
        #expect(ids.first == 2)  // <bos>, as the metadata says
        let r = try Generator.run(
            session: lm.makeSession(contextLength: 64), prompt: ids, tokenizer: lm.tokenizer,
            options: GenerationOptions(maxTokens: 5, sampling: .greedy))
        #expect(r.text.contains("capital"))
    }
}
