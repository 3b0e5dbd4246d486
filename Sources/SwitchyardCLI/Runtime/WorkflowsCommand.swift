import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardRuntime

struct WorkflowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflows", abstract: "List, show and validate declarative workflows.",
        subcommands: [WorkflowsList.self, WorkflowsShow.self, WorkflowsValidate.self])
}

struct WorkflowsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the workflows.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        do {
            let catalog = try runtimeOptions.catalog(dataDir: global.resolvedDataDir)
            if global.json {
                Output.json(["workflows": .array(catalog.all.map(\.summary))])
            } else {
                for workflow in catalog.all {
                    Output.line(
                        "\(workflow.name.padded(16)) v\(workflow.version.padded(5)) \(workflow.nodes.count) nodes  "
                            + "\(workflow.file)")
                }
            }
        } catch {
            throw Output.fail(error, json: global.json)
        }
    }
}

struct WorkflowsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a workflow: its nodes, input schema and source.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The workflow's name.") var name: String

    func run() async throws {
        do {
            let catalog = try runtimeOptions.catalog(dataDir: global.resolvedDataDir)
            let workflow = try catalog.workflow(name)
            if global.json {
                Output.json(workflow.summary)
            } else if let text = catalog.shippedText(name), workflow.file.hasPrefix("builtin:") {
                Output.line(text)
            } else {
                Output.line((try? String(contentsOfFile: workflow.file, encoding: .utf8)) ?? workflow.file)
            }
        } catch {
            throw Output.fail(error, json: global.json)
        }
    }
}

struct WorkflowsValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow files (every problem at once, with file, line and column); exit 2 on problems.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "Workflow files (default: every workflow in the workflows directory).") var files: [String] = []

    func run() async throws {
        do {
            let directory = runtimeOptions.workflowsDirectory(dataDir: global.resolvedDataDir)
            var checked: [String] = []
            if files.isEmpty {
                let catalog = try runtimeOptions.catalog(dataDir: global.resolvedDataDir)
                checked = catalog.all.map(\.name)
            } else {
                var details: [String] = []
                for file in files {
                    do {
                        let workflow = try WorkflowCatalog.loadFile(
                            file, promptsNear: directory,
                            blueprints: runtimeOptions.blueprints(dataDir: global.resolvedDataDir))
                        checked.append(workflow.name)
                    } catch let error as SwitchyardError {
                        details += error.details.isEmpty ? [error.message] : error.details
                    }
                }
                if !details.isEmpty {
                    throw SwitchyardError(
                        code: .invalidWorkflow, message: "\(details.count) problem(s) found", details: details)
                }
            }
            if global.json {
                Output.json(["valid": true, "workflows": .array(checked.map(JSONValue.string))])
            } else {
                Output.line("ok: \(checked.joined(separator: ", "))")
            }
        } catch {
            throw Output.fail(error, json: global.json)
        }
    }
}
