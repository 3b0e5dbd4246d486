import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardKnowledge
import SwitchyardStorage

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search the tenant's knowledge base; results cite source and offsets.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The query (quote it).") var query: String
    @Option(name: .long, help: "How many results.") var k = 10
    @Option(name: .long, help: "vector, keyword or hybrid.") var mode = "hybrid"
    @Option(
        name: .long,
        help: "KEY=VALUE a result's document must match (source, title, document, type, or a record field); repeatable."
    )
    var filter: [String] = []

    func run() async throws {
        do {
            guard let searchMode = SearchMode(mode) else {
                throw SwitchyardError(
                    code: .invalidMode, message: "--mode must be vector, keyword or hybrid, got '\(mode)'")
            }
            guard k > 0 else { throw SwitchyardError(code: .invalidK, message: "--k must be at least 1, got \(k)") }
            var conditions: [String: String] = [:]
            for f in filter {
                guard let eq = f.firstIndex(of: "="), eq != f.startIndex else {
                    throw SwitchyardError(code: .invalidFilter, message: "--filter needs KEY=VALUE, got '\(f)'")
                }
                conditions[String(f[..<eq])] = String(f[f.index(after: eq)...])
            }
            let tenant = try global.tenantID()
            let embedder = searchMode == .keyword ? nil : try makeEmbedder()
            let kb = KnowledgeBase(store: try global.openStore(create: false), embedder: embedder)
            let results = try await kb.search(
                query, tenant: tenant, k: k, mode: searchMode, filter: SearchFilter(conditions))
            if global.json {
                Output.json([
                    "query": .string(query), "mode": .string(searchMode.name),
                    "results": .array(results.map(\.json)),
                ])
            } else if results.isEmpty {
                Output.line("no results for tenant \(tenant)")
            } else {
                for (i, r) in results.enumerated() {
                    Output.line("\(i + 1). \(String(format: "%.4f", r.score))  \(r.citation)")
                    let preview = r.text.replacingOccurrences(of: "\n", with: " ")
                    Output.line("   " + (preview.count > 160 ? String(preview.prefix(160)) + "…" : preview))
                }
            }
        } catch {
            throw Output.fail(error, json: global.json)
        }
    }
}
