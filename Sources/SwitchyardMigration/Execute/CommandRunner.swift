import Foundation

/// What a command did.
public struct CommandResult: Sendable, Hashable {
    /// The exit status (or the signal number for a command killed by one).
    public var status: Int32
    /// Its standard output.
    public var stdout: String
    /// Its standard error.
    public var stderr: String

    /// Makes a result.
    /// - Parameters:
    ///   - status: The exit status.
    ///   - stdout: Its standard output.
    ///   - stderr: Its standard error.
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs one program to its end.
public protocol CommandRunner: Sendable {
    /// Runs `executable` with `arguments` in `directory`.
    /// - Parameters:
    ///   - executable: The program's path.
    ///   - arguments: Its arguments.
    ///   - directory: The working directory.
    ///   - environment: Its whole environment.
    /// - Throws: when it cannot be started.
    func run(
        _ executable: String, _ arguments: [String], directory: String, environment: [String: String]
    ) async throws -> CommandResult
}

/// Runs programs as child processes (no shell). Output goes to temporary files, so a chatty command cannot
/// fill a pipe and stall; cancelling the task terminates the process.
public struct ProcessCommandRunner: CommandRunner {
    /// Makes a runner.
    public init() {}

    public func run(
        _ executable: String, _ arguments: [String], directory: String, environment: [String: String]
    ) async throws -> CommandResult {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("switchyard-step-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? fm.removeItem(at: outURL)
            try? fm.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let box = ProcessBox()
        let process = box.process
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            if box.process.isRunning { box.process.terminate() }
        }
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return CommandResult(status: status, stdout: stdout, stderr: stderr)
    }
}

/// A `Process` shared with the cancellation handler; Foundation's `Process` is thread-safe for `terminate`.
private final class ProcessBox: @unchecked Sendable {
    let process = Process()
}
