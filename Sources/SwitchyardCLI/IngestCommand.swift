import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardKnowledge
import SwitchyardStorage
import Synchronization

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Add files to the tenant's knowledge base (.md .txt .html .json .jsonl .pdf; directories too).",
        discussion: """
            Re-ingesting a file replaces its chunks when it changed and keeps it when it did not; content already \
            stored under another name is skipped as a duplicate. A bad file stops the ingest before anything is \
            written.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Files or directories to ingest.") var paths: [String]

    func run() async throws {
        do {
            let tenant = try global.tenantID()
            let embedder = try? makeEmbedder()
            let kb = KnowledgeBase(store: try global.openStore(create: true), embedder: embedder)
            let bar = ProgressBar(enabled: !global.json && isatty(STDERR_FILENO) == 1)
            let report = try await kb.ingest(paths: paths, tenant: tenant) { bar.update($0.completed, of: $0.total) }
            bar.finish()
            if global.json {
                Output.json(report.json(tenant: tenant))
            } else {
                Output.line(
                    "tenant \(tenant): \(report.count("added")) added, \(report.count("updated")) updated, "
                        + "\(report.count("unchanged")) unchanged, \(report.count("duplicate")) duplicates, "
                        + "\(report.removedDocuments) removed; \(report.chunks) chunks written")
                if !report.embedded {
                    FileHandle.standardError.write(
                        Data("note: no embedding model yet, so only keyword search covers these chunks\n".utf8))
                }
            }
        } catch {
            throw Output.fail(error, json: global.json)
        }
    }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar: Sendable {
    private let enabled: Bool
    /// Whether a line was drawn; held while drawing so that updates from several tasks do not interleave.
    private let drawn = Mutex(false)

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        drawn.withLock { drawn in
            let width = 30
            let filled = min(width, done * width / total)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) documents".utf8))
            drawn = true
        }
    }

    func finish() {
        drawn.withLock { drawn in
            if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}
