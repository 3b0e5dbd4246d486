import Foundation
import SwitchyardCore

/// Runs one wave's rollout against a configured cluster: the bundle's files written to a working directory,
/// then its steps in order without a shell, stopping at the first step that fails; then, when configured, the
/// wave's rollback (every step tried, each outcome recorded). Before anything runs, every step of the rollout
/// and of the rollback is read and its program found: a missing program refuses the wave with nothing run.
public struct RolloutExecutor: Sendable {
    /// The cluster and the programs.
    public var target: ClusterTarget
    /// What runs the commands.
    public var runner: any CommandRunner

    /// Makes an executor.
    /// - Parameters:
    ///   - target: The cluster and the programs.
    ///   - runner: What runs the commands (child processes by default).
    public init(target: ClusterTarget, runner: any CommandRunner = ProcessCommandRunner()) {
        self.target = target
        self.runner = runner
    }

    /// A step made ready to run.
    struct Prepared {
        var step: RolloutStep
        var command: StepCommand
        /// nil for a vSphere step left to a person.
        var executable: String?
    }

    /// Runs wave `wave`.
    /// - Parameters:
    ///   - wave: The wave number.
    ///   - apply: The rollout (files and steps), as written in the plan.
    ///   - rollback: The rollback's steps, as written in the plan.
    ///   - directory: An empty working directory; the rollout's files are written under it and the steps run in
    ///     it (their `-f` paths are relative to it).
    /// - Returns: The report; a refusal or a failure is in it, not thrown.
    public func run(
        wave: Int, apply: RolloutBundle, rollback: [RolloutStep], directory: String
    ) async -> ExecutionReport {
        var report = ExecutionReport(
            wave: wave, status: "succeeded", error: nil, failedStep: nil, kubeconfig: target.kubeconfig,
            context: target.context, steps: [], rollback: nil, rollbackSucceeded: nil)
        let steps: [Prepared]
        let undo: [Prepared]
        do {
            steps = try prepare(apply.steps, what: "step", wave: wave, sourceIsManual: false)
            undo = try prepare(rollback, what: "rollback step", wave: wave, sourceIsManual: true)
            try write(apply.files, under: directory)
        } catch {
            report.status = "refused"
            report.error = "\(error)"
            report.steps = apply.steps.enumerated().map { record($0.offset, $0.element, argv: [], "not_run") }
            return report
        }
        var failed = false
        for (i, prepared) in steps.enumerated() {
            if failed {
                report.steps.append(record(i, prepared.step, argv: [], "not_run"))
                continue
            }
            let (record, ok) = await execute(i, prepared, directory: directory)
            report.steps.append(record)
            if !ok {
                failed = true
                report.status = "failed"
                report.failedStep = i + 1
                let detail = lastLine(record.stderr) ?? lastLine(record.stdout) ?? "no output"
                report.error =
                    "wave \(wave) step \(i + 1) failed"
                    + (record.exitStatus.map { " (exit status \($0))" } ?? "") + ": \(prepared.step.command): "
                    + "\(detail); the steps after it were not run"
            }
        }
        if failed && target.rollbackOnFailure {
            var records: [ExecutionReport.StepRecord] = []
            var allOK = true
            for (i, prepared) in undo.enumerated() {
                guard prepared.executable != nil else {
                    records.append(record(i, prepared.step, argv: prepared.command.argv, "manual"))
                    continue
                }
                let (record, ok) = await execute(i, prepared, directory: directory)
                records.append(record)
                if !ok { allOK = false }
            }
            report.rollback = records
            report.rollbackSucceeded = allOK
            report.error! +=
                allOK
                ? "; the wave's rollback ran and succeeded"
                : "; the wave's rollback ran and some of its steps failed (see rollback in the report)"
            if records.contains(where: { $0.outcome == "manual" }) {
                report.error! += "; its vSphere steps (govc) are left to a person"
            }
        } else if failed {
            report.error! += "; the rollback was not run (rollback_on_failure is off): run the wave's rollback"
        }
        return report
    }

    /// Reads every step and finds its program.
    /// - Throws: `invalid_input` for a step that is not plain words or runs another program, `file_not_found`
    ///   for a program that cannot be found, `invalid_input` for a vSphere step in a rollout when vSphere steps
    ///   are not run.
    func prepare(
        _ list: [RolloutStep], what: String, wave: Int, sourceIsManual: Bool
    ) throws(SwitchyardError) -> [Prepared] {
        var out: [Prepared] = []
        for (i, step) in list.enumerated() {
            let command = try StepCommand(parsing: step.command)
            let where_ = "wave \(wave) \(what) \(i + 1) (\(step.command))"
            guard ClusterTarget.programs.contains(command.program) else {
                throw SwitchyardError(
                    code: .invalidInput,
                    message: "\(where_) runs \(String(reflecting: command.program)); only "
                        + ClusterTarget.programs.sorted().joined(separator: ", ") + " are run")
            }
            if step.side == "source" && !target.runSourceSteps {
                if sourceIsManual {
                    out.append(Prepared(step: step, command: command, executable: nil))
                    continue
                }
                throw SwitchyardError(
                    code: .invalidInput,
                    message: "\(where_) acts on vCenter, and vSphere steps are not run unless configured: set "
                        + "cluster.vcenter (govc configured by the worker's GOVC_URL, GOVC_USERNAME, "
                        + "GOVC_PASSWORD), power the VMs off by hand, or use method forklift, which does it itself")
            }
            guard let executable = target.resolve(command.program) else {
                throw SwitchyardError(
                    code: .fileNotFound,
                    message: "\(where_) needs \(command.program), which is "
                        + (target.tools[command.program].map { "not an executable file at '\($0)'" }
                            ?? "not on the search path (\(target.searchPath))")
                        + ": install it or configure its path; nothing was run")
            }
            out.append(Prepared(step: step, command: command, executable: executable))
        }
        return out
    }

    /// Writes the rollout's files under `directory`.
    func write(_ files: [Manifest], under directory: String) throws(SwitchyardError) {
        for file in files {
            guard !file.path.hasPrefix("/"), !file.path.split(separator: "/").contains("..") else {
                throw SwitchyardError(
                    code: .pathNotAllowed, message: "the rollout file path '\(file.path)' leaves the work directory")
            }
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            } catch {
                throw SwitchyardError(code: .writeFailed, message: "cannot write \(url.path): \(error)")
            }
        }
    }

    /// Runs one prepared step.
    func execute(_ i: Int, _ prepared: Prepared, directory: String) async -> (ExecutionReport.StepRecord, Bool) {
        let executable = prepared.executable ?? prepared.command.program
        let arguments = target.arguments(prepared.command)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = target.searchPath
        environment["KUBECONFIG"] = target.kubeconfig
        for (key, value) in target.environment { environment[key] = value }
        var entry = record(i, prepared.step, argv: [executable] + arguments, "succeeded")
        do {
            let result = try await runner.run(executable, arguments, directory: directory, environment: environment)
            entry.exitStatus = result.status
            entry.stdout = Self.tail(result.stdout)
            entry.stderr = Self.tail(result.stderr)
            if result.status == 0 { return (entry, true) }
            entry.outcome = prepared.command.mayFail ? "failed_allowed" : "failed"
            return (entry, prepared.command.mayFail)
        } catch {
            entry.outcome = "failed"
            entry.stderr = "cannot start \(executable): \(error)"
            return (entry, false)
        }
    }

    func record(_ i: Int, _ step: RolloutStep, argv: [String], _ outcome: String) -> ExecutionReport.StepRecord {
        ExecutionReport.StepRecord(
            index: i + 1, command: step.command, argv: argv, side: step.side, purpose: step.purpose,
            outcome: outcome, exitStatus: nil, stdout: "", stderr: "")
    }

    static func tail(_ text: String, limit: Int = 4000) -> String {
        text.count > limit ? "…" + String(text.suffix(limit)) : text
    }

    func lastLine(_ text: String) -> String? {
        text.split(whereSeparator: \.isNewline).last.map { String($0).trimmingCharacters(in: .whitespaces) }
    }
}
