import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardInference

/// Options shared by `generate` and `chat`: which model, and how to sample.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model: a short name (smollm2, gemma3-270m) or the path of a .gguf file.")
    var model: String = "smollm2"

    @Option(name: .long, help: "Directory holding the models (default: env SWITCHYARD_MODELS_DIR, else models/).")
    var modelsDir: String?

    @Option(name: .long, help: "Compute threads (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: "Context size in tokens (default and maximum: the model's).")
    var context: Int?

    @Option(name: .long, help: "Sampling temperature; 0 = greedy.")
    var temperature: Float = 0.8

    @Option(name: .long, help: "Top-k filter (0 = off).")
    var topK: Int = 40

    @Option(name: .long, help: "Top-p (nucleus) filter (1 = off).")
    var topP: Float = 0.95

    @Option(name: .long, help: "Min-p filter (0 = off).")
    var minP: Float = 0.05

    @Option(name: .long, help: "Repetition penalty over the last 64 tokens (1 = off).")
    var repeatPenalty: Float = 1.0

    @Option(name: .long, help: "RNG seed: the same seed gives the same text.")
    var seed: UInt64?

    var sampling: SamplingOptions {
        SamplingOptions(
            temperature: temperature, topK: topK, topP: topP, minP: minP, repeatPenalty: repeatPenalty, seed: seed)
    }

    func load() throws -> LanguageModel {
        try LanguageModel(model, modelsDir: modelsDir, threads: threads)
    }
}

/// `switchyard generate`: one completion, streamed to stdout.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate text with the built-in inference engine.",
        discussion: """
            Streams the completion to stdout as it is produced. Without --raw the prompt is wrapped in the \
            model's chat template (with --system as the system message). With --json the last line is one \
            JSON object: text, tokens, prompt_tokens, completion_tokens, prefill_tokens_per_s, \
            decode_tokens_per_s, finish_reason (and constraint_satisfied with a constraint).

            Constrained decoding (at most one): --json-schema FILE makes the output compact JSON valid against \
            the schema; --choice (repeatable) makes it exactly one of the given strings; --regex makes the whole \
            output match the expression. Schemas or patterns that cannot be enforced are refused up front. \
            When --max-tokens runs out first, the output is incomplete: a warning goes to stderr and \
            constraint_satisfied is false.
            """)

    @OptionGroup var options: ModelOptions

    @Option(name: .long, help: "The prompt (user message unless --raw).")
    var prompt: String?

    @Option(name: .long, help: "System message for the chat template.")
    var system: String?

    @Option(name: .long, help: "Maximum number of tokens to generate.")
    var maxTokens: Int = 256

    @Option(name: .long, help: "Stop before this string (repeatable).")
    var stop: [String] = []

    @Flag(
        name: .long,
        help: "Use the prompt as is: no chat template (BOS is still added if the model's metadata says so).")
    var raw = false

    @Flag(name: .long, help: "Print one JSON object with the result and timings as the last line.")
    var json = false

    @Option(name: .long, help: "Constrain the output to JSON valid against the JSON Schema in this file.")
    var jsonSchema: String?

    @Option(name: .long, help: "Constrain the output to exactly one of these strings (repeatable).")
    var choice: [String] = []

    @Option(name: .long, help: "Constrain the whole output to match this regular expression.")
    var regex: String?

    @Option(name: .long, help: .hidden)
    var promptTokenIds: String?

    @Flag(name: .long, help: .hidden)
    var ignoreEos = false

    @Flag(name: .long, help: .hidden)
    var quiet = false

    func run() async throws {
        do {
            try await generate()
        } catch let e as SwitchyardError {
            FileHandle.standardError.write(Data("error[\(e.code)]: \(e.message)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The constraint the flags ask for, compiled before the model loads so mistakes fail fast.
    private func makeConstraint() throws -> DecodingConstraint? {
        let given = [jsonSchema != nil, !choice.isEmpty, regex != nil].filter { $0 }.count
        guard given <= 1 else {
            throw SwitchyardError(
                code: .invalidArgument, message: "--json-schema, --choice and --regex exclude each other; give one.")
        }
        if let path = jsonSchema {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SwitchyardError(code: .fileNotFound, message: "--json-schema: cannot read '\(path)'.")
            }
            do {
                return try DecodingConstraint.jsonSchema(parsing: String(decoding: data, as: UTF8.self))
            } catch {
                throw SwitchyardError(
                    code: error.code, message: "\(path): \(error.message)", details: error.details, cause: error.cause)
            }
        }
        if !choice.isEmpty { return try DecodingConstraint.choice(choice) }
        if let regex { return try DecodingConstraint.regex(regex) }
        return nil
    }

    private func generate() async throws {
        let constraint = try makeConstraint()
        let lm = try options.load()
        let promptIDs: [Int32]
        if let ids = promptTokenIds {
            promptIDs = try ids.split(separator: ",").map {
                guard let v = Int32($0.trimmingCharacters(in: .whitespaces)) else {
                    throw SwitchyardError(
                        code: .invalidArgument, message: "--prompt-token-ids: '\($0)' is not a token id.")
                }
                return v
            }
        } else {
            guard let prompt else {
                throw SwitchyardError(code: .invalidArgument, message: "give a prompt with --prompt TEXT.")
            }
            promptIDs =
                raw
                ? try lm.encodeRaw(prompt)
                : try lm.encodeChat([.user(prompt)], system: system)
        }
        let session = lm.makeSession(contextLength: options.context)
        var genOptions = GenerationOptions(maxTokens: maxTokens, sampling: options.sampling, stop: stop)
        genOptions.ignoreEndOfGeneration = ignoreEos
        genOptions.constraint = constraint
        var result: GenerationResult?
        let out = FileHandle.standardOutput
        for try await event in lm.generate(session: session, prompt: promptIDs, options: genOptions) {
            switch event {
            case .token(_, let text):
                if !quiet && !text.isEmpty { out.write(Data(text.utf8)) }
            case .finished(let r):
                result = r
            }
        }
        guard let result else { return }
        if !quiet { out.write(Data("\n".utf8)) }
        if result.constraintSatisfied == false {
            FileHandle.standardError.write(
                Data(
                    ("warning[constraint_incomplete]: the output stopped (\(result.finishReason.rawValue)) before the "
                        + "constraint was satisfied; raise --max-tokens.\n").utf8))
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            out.write(try enc.encode(result) + Data("\n".utf8))
        }
    }
}
