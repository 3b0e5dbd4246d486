import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardInference

/// `switchyard embed`: sentence embeddings with the built-in all-MiniLM-L6-v2 encoder.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed text with the built-in all-MiniLM-L6-v2 sentence encoder (384 dimensions).",
        discussion: """
            Give one --text, or --file with JSON Lines, one {"text": "…"} per line (the whole file is \
            checked first: a bad line is reported by number and nothing is embedded). With --json, one line \
            per input, in order: {"embedding": [384 floats]} (unit length: a dot product is a cosine). Texts \
            over 256 word pieces are truncated, with a warning on stderr. The model is read from \
            <models-dir>/all-minilm-l6-v2 (install it with scripts/fetch-models).
            """)

    @Option(name: .long, help: "A text to embed.") var text: String?
    @Option(name: .long, help: "A .jsonl file with one {\"text\": …} object per line.") var file: String?
    @Flag(name: .long, help: "Print one {\"embedding\": […]} line per input.") var json = false
    @Option(name: .long, help: "Texts per forward pass.") var batchSize = 32
    @Option(name: .long, help: "Compute threads (default: all cores).") var threads: Int?
    @Option(name: .long, help: "Directory holding the models (default: env SWITCHYARD_MODELS_DIR, else models/).")
    var modelsDir: String?

    func validate() throws {
        guard (text == nil) != (file == nil) else { throw ValidationError("give exactly one of --text or --file") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() async throws {
        do {
            let texts = try file.map(EmbeddingInputFile.texts(atPath:)) ?? [text ?? ""]
            let options = MiniLMEmbedder.Options(
                threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, batchSize: batchSize)
            let embedder = try MiniLMEmbedder(
                directory: MiniLMEmbedder.directory(modelsDirectory: modelsDir), options: options)
            let clock = ContinuousClock()
            let started = clock.now
            let results = try await embedder.embedDetailed(texts)
            let elapsed = clock.now - started
            for (i, r) in results.enumerated() where r.isTruncated {
                let which = file == nil ? "the text" : "line \(i + 1)"
                FileHandle.standardError.write(
                    Data(
                        "warning: \(which) exceeds \(embedder.tokenizer.maximumLength) tokens; its last \(r.truncatedTokenCount) word pieces were not embedded\n"
                            .utf8))
            }
            if json {
                for r in results {
                    Output.line("{\"embedding\":[" + r.vector.map { "\($0)" }.joined(separator: ",") + "]}")
                }
            } else {
                printSummary(texts, results, elapsed: elapsed, dimensions: embedder.dimensions)
            }
        } catch {
            throw Output.fail(error, json: json)
        }
    }

    private func printSummary(_ texts: [String], _ results: [SentenceEmbedding], elapsed: Duration, dimensions: Int) {
        let seconds = elapsed.inSeconds
        let truncated = results.filter(\.isTruncated).count
        Output.line(
            "embedded \(results.count) text\(results.count == 1 ? "" : "s") into \(dimensions) dimensions in "
                + String(format: "%.0f ms (%.1f texts/s)", seconds * 1000, Double(results.count) / max(seconds, 1e-9))
                + (truncated > 0 ? "; \(truncated) truncated at 256 tokens" : ""))
        for (i, (text, r)) in zip(texts, results).enumerated().prefix(10) {
            let head = r.vector.prefix(4).map { String(format: "%+.4f", $0) }.joined(separator: " ")
            let preview = text.replacingOccurrences(of: "\n", with: " ").prefix(48)
            Output.line("  \(i + 1). [\(head) …] \(r.tokenCount) tokens  \"\(preview)\(text.count > 48 ? "…" : "")\"")
        }
        if results.count > 10 { Output.line("  … \(results.count - 10) more (use --json for the vectors)") }
    }
}
