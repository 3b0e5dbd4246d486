import ArgumentParser
import SwitchyardCore

enum SwitchyardVersion {
    static let current = "0.1.0"
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() {
        if json {
            print(JSONValue.object(["version": .string(SwitchyardVersion.current)]).jsonText)
        } else {
            print("switchyard \(SwitchyardVersion.current)")
        }
    }
}
