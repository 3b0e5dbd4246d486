import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardKnowledge
import SwitchyardStorage

struct DocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents", abstract: "List or delete the tenant's ingested documents.",
        subcommands: [DocumentsList.self, DocumentsDelete.self])
}

struct DocumentsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tenant's documents.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        do {
            let tenant = try global.tenantID()
            let docs = try await KnowledgeBase(store: try global.openStore(create: false)).documents(tenant: tenant)
            if global.json {
                Output.json(["documents": .array(docs.map(\.json))])
            } else if docs.isEmpty {
                Output.line("no documents for tenant \(tenant)")
            } else {
                for d in docs { Output.line("\(d.id)  \(d.chunkCount) chunks  \(d.title)") }
            }
        } catch {
            throw Output.fail(error, json: global.json)
        }
    }
}

struct DocumentsDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete documents (ids as `documents list` shows them) and their chunks.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Document ids.") var documents: [String]

    func run() async throws {
        do {
            let tenant = try global.tenantID()
            let kb = KnowledgeBase(store: try global.openStore(create: false), embedder: try? makeEmbedder())
            for id in documents {
                guard try await kb.deleteDocument(id, tenant: tenant) else {
                    throw SwitchyardError(
                        code: .documentNotFound,
                        message:
                            "tenant '\(tenant)' has no document '\(id)'; list them with `switchyard documents list`")
                }
            }
            if global.json {
                Output.json(["deleted": .array(documents.map(JSONValue.string))])
            } else {
                Output.line("deleted \(documents.count) document\(documents.count == 1 ? "" : "s")")
            }
        } catch {
            throw Output.fail(error, json: global.json)
        }
    }
}
