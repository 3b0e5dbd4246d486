import ArgumentParser

struct ThreadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "threads", abstract: "Inspect threads.")
}
