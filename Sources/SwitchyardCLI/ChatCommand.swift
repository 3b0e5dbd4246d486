import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardInference
import SwitchyardModelAPI

/// `switchyard chat`: an interactive terminal conversation using the model's chat template.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with a local model in the terminal.",
        discussion: """
            Type a message and press return; the reply streams back. Commands: /reset starts over, /quit \
            (or end of input) leaves. The conversation's KV cache is reused between turns.
            """)

    @OptionGroup var options: ModelOptions

    @Option(name: .long, help: "System message.")
    var system: String?

    @Option(name: .long, help: "Maximum tokens per reply.")
    var maxTokens: Int = 512

    func run() async throws {
        do {
            try await chat()
        } catch let e as SwitchyardError {
            FileHandle.standardError.write(Data("error[\(e.code)]: \(e.message)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func chat() async throws {
        let lm = try options.load()
        let session = lm.makeSession(contextLength: options.context)
        var turns: [ChatMessage] = []
        let out = FileHandle.standardOutput
        let interactive = isatty(0) != 0
        while true {
            if interactive { out.write(Data("> ".utf8)) }
            guard let line = readLine() else { break }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text == "/quit" || text == "/exit" { break }
            if text == "/reset" {
                turns = []
                session.reset()
                continue
            }
            turns.append(.user(text))
            let prompt: [Int32]
            do {
                prompt = try lm.encodeChat(turns, system: system)
            } catch let e as SwitchyardError {
                FileHandle.standardError.write(Data("error[\(e.code)]: \(e.message)\n".utf8))
                turns.removeLast()
                continue
            }
            var reply = ""
            do {
                for try await event in lm.generate(
                    session: session, prompt: prompt,
                    options: GenerationOptions(maxTokens: maxTokens, sampling: options.sampling))
                {
                    if case .token(_, let t) = event {
                        reply += t
                        out.write(Data(t.utf8))
                    }
                }
            } catch let e as SwitchyardError where e.code == .contextLengthExceeded {
                FileHandle.standardError.write(Data("error[\(e.code)]: \(e.message) Use /reset.\n".utf8))
                turns.removeLast()
                continue
            }
            out.write(Data("\n".utf8))
            turns.append(.assistant(reply))
        }
    }
}
