// The Swift half of bench/serving: N concurrent greedy streams of `--new` tokens after distinct `--prompt`-token
// prompts, on the batch engine (`batch`) and on the per-session path the local provider used before it (`sessions`:
// one InferenceSession per stream, each decoding on its own). Prints one JSON object per line and measurement.
//
//   SwitchyardServingBench --model PATH [--streams 1,4,8,16] [--prompt 128] [--new 128] [--threads 2]
//                          [--modes batch,sessions] [--prompts-out FILE] [--repeats 3] [--max-sequences N]
// `--max-sequences N` bounds the batch engine's batch size (the local provider's `sessions`; default: the largest
// stream count), so more streams than N queue as they would behind the provider.
// Each measurement is repeated (modes interleaved) and the run with the best aggregate tokens/s is kept.
import Foundation
import SwitchyardCore
import SwitchyardInference
import SwitchyardModelAPI

struct Arguments {
    var model = "models/smollm2-135m-instruct-q4_1.gguf"
    var streams = [1, 4, 8, 16]
    var promptTokens = 128
    var newTokens = 128
    var threads = 2
    var modes = ["batch", "sessions"]
    var promptsOut: String?
    var repeats = 3
    var maxSequences: Int?

    init(_ args: [String]) {
        var i = 1
        func value() -> String {
            i += 1
            guard i < args.count else { fatalError("missing value after \(args[i - 1])") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--model": model = value()
            case "--streams": streams = value().split(separator: ",").compactMap { Int($0) }
            case "--prompt": promptTokens = Int(value()) ?? promptTokens
            case "--new": newTokens = Int(value()) ?? newTokens
            case "--threads": threads = Int(value()) ?? threads
            case "--modes": modes = value().split(separator: ",").map(String.init)
            case "--prompts-out": promptsOut = value()
            case "--repeats": repeats = Int(value()) ?? repeats
            case "--max-sequences": maxSequences = Int(value())
            default: fatalError("unknown argument \(args[i])")
            }
            i += 1
        }
    }
}

/// One measurement: when each stream's first token came and when the last stream ended.
struct Measurement: Encodable {
    var engine: String
    var streams: Int
    var promptTokens: Int
    var newTokens: Int
    var generated: Int
    var wallSeconds: Double
    var tokensPerSecond: Double
    var ttftP50Milliseconds: Double
    var ttftP99Milliseconds: Double

    enum CodingKeys: String, CodingKey {
        case engine, streams
        case promptTokens = "prompt_tokens"
        case newTokens = "new_tokens"
        case generated
        case wallSeconds = "wall_s"
        case tokensPerSecond = "tokens_per_s"
        case ttftP50Milliseconds = "ttft_p50_ms"
        case ttftP99Milliseconds = "ttft_p99_ms"
    }
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return 0 }
    return s[min(s.count - 1, Int((p * Double(s.count - 1)).rounded()))]
}

/// Distinct prompts of exactly `length` tokens: windows of a long text at different offsets.
func makePrompts(_ lm: LanguageModel, count: Int, length: Int) throws -> [[Int32]] {
    let text = String(
        repeating: "The history of computing is a story of abstraction layered upon abstraction. Early machines were "
            + "programmed by rewiring panels; then came stored programs, assemblers, compilers, operating systems "
            + "and networks. Each layer let people think about bigger problems while trusting the layer below. ",
        count: 4 + count * 17 / 10 + length / 40)
    let ids = try lm.tokenizer.encodePrompt(text, addSpecial: false)
    return (0..<count).map { i in Array(ids[(i * 17)..<(i * 17 + length)]) }
}

/// Runs `streams` generations at once; each stream is consumed by its own task.
func measure(
    engine name: String, streams: [AsyncThrowingStream<GenerationEvent, any Error>], promptTokens: Int,
    newTokens: Int, start: ContinuousClock.Instant
) async throws -> Measurement {
    let clock = ContinuousClock()
    let outcomes = try await withThrowingTaskGroup(of: (Duration, Int).self) { group in
        for stream in streams {
            group.addTask {
                var first: Duration?
                var tokens = 0
                for try await event in stream {
                    if case .token = event {
                        tokens += 1
                        if first == nil { first = clock.now - start }
                    }
                }
                return (first ?? .zero, tokens)
            }
        }
        var out: [(Duration, Int)] = []
        for try await o in group { out.append(o) }
        return out
    }
    let wall = (clock.now - start).inSeconds
    let generated = outcomes.reduce(0) { $0 + $1.1 }
    let ttft = outcomes.map { $0.0.inSeconds * 1000 }
    return Measurement(
        engine: name, streams: streams.count, promptTokens: promptTokens, newTokens: newTokens, generated: generated,
        wallSeconds: wall, tokensPerSecond: Double(generated) / wall, ttftP50Milliseconds: percentile(ttft, 0.5),
        ttftP99Milliseconds: percentile(ttft, 0.99))
}

let args = Arguments(CommandLine.arguments)
let lm = try LanguageModel(args.model, threads: args.threads)
let maxStreams = args.streams.max() ?? 1
let prompts = try makePrompts(lm, count: maxStreams, length: args.promptTokens)
if let out = args.promptsOut {
    try JSONEncoder().encode(prompts).write(to: URL(fileURLWithPath: out))
}
var options = GenerationOptions(maxTokens: args.newTokens, sampling: .greedy)
options.ignoreEndOfGeneration = true
let context = args.promptTokens + args.newTokens + 1
let encoder = JSONEncoder()
encoder.outputFormatting = .sortedKeys
// One engine for all sizes, as a server keeps it (prefix reuse off: every prompt is distinct anyway).
let engine = BatchEngine(
    lm,
    options: BatchEngineOptions(
        maxSequences: args.maxSequences ?? maxStreams, prefixCacheBytes: 0, contextLength: context))
// Warm-up of both paths: page the weights in, build the workspaces and the engine's thread.
_ = try await measure(
    engine: "warmup",
    streams: [
        engine.generate(prompt: prompts[0], options: options, tenant: .default),
        lm.generate(session: lm.makeSession(contextLength: context), prompt: prompts[0], options: options),
    ], promptTokens: args.promptTokens, newTokens: args.newTokens, start: ContinuousClock().now)
for n in args.streams {
    var best: [String: Measurement] = [:]
    for _ in 0..<max(1, args.repeats) {
        for mode in args.modes {
            let start = ContinuousClock().now
            let streams: [AsyncThrowingStream<GenerationEvent, any Error>]
            switch mode {
            case "batch":
                streams = prompts.prefix(n).map { engine.generate(prompt: $0, options: options, tenant: .default) }
            default:
                streams = prompts.prefix(n).map {
                    lm.generate(session: lm.makeSession(contextLength: context), prompt: $0, options: options)
                }
            }
            let m = try await measure(
                engine: "switchyard-\(mode)", streams: streams, promptTokens: args.promptTokens,
                newTokens: args.newTokens, start: start)
            if best[mode].map({ m.tokensPerSecond > $0.tokensPerSecond }) ?? true { best[mode] = m }
        }
    }
    for mode in args.modes {
        // Unbuffered, so a long run shows each line as it is measured.
        FileHandle.standardOutput.write(try encoder.encode(best[mode]!) + Data("\n".utf8))
    }
}
