import ArgumentParser

/// The `switchyard` command: a thin shell over the library targets.
@main
struct Switchyard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchyard",
        abstract: "A multi-tenant agent platform: durable graphs, local models, one binary.",
        discussion: """
            With no configuration Switchyard keeps its state in a SQLite file under the data dir \
            (--data-dir, env SWITCHYARD_DATA_DIR, default .switchyard/). Every command takes --json \
            for scripts.
            """,
        version: SwitchyardVersion.current,
        subcommands: [
            VersionCommand.self,
            EmbedCommand.self,
            DemoCommand.self,
            ThreadsCommand.self,
            GenerateCommand.self,
            ChatCommand.self,
            SchemaCommand.self,
            IngestCommand.self,
            SearchCommand.self,
            DocumentsCommand.self,
            ServeCommand.self,
            ProbeCommand.self,
            ModelsCommand.self,
            TenantsCommand.self,
            WorkflowsCommand.self,
            RunCommand.self,
            WorkerCommand.self,
            RunsCommand.self,
            ApprovalsCommand.self,
            UsageCommand.self,
            SchedulesCommand.self,
            KeysCommand.self,
            MigrateCommand.self,
            AIOpsCommand.self,
            // `switchyard gate` as the CI gate is spelled in pipelines; the same command as `aiops gate`.
            AIOpsGateCommand.self,
                // Engine commands (SwitchyardInference) register here.
        ]
    )
}
