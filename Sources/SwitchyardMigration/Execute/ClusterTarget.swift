import Foundation

/// The cluster a rollout is run against, configured explicitly by the user: without one nothing is run.
///
/// `kubectl` and `virtctl` get `--kubeconfig` (and `--context`) on every call, and `KUBECONFIG` is set to the
/// same file, so no ambient configuration is used. Programs are looked up in `tools` first, then on
/// `searchPath`. Steps on the vSphere side (`govc`) run only with `runSourceSteps`, using govc's own `GOVC_*`
/// environment.
public struct ClusterTarget: Sendable, Hashable {
    /// The kubeconfig file (absolute path).
    public var kubeconfig: String
    /// The context in it; nil for its current context.
    public var context: String?
    /// Programs by name (`kubectl` → `/opt/bin/kubectl`), looked up before `searchPath`.
    public var tools: [String: String]
    /// Directories to look programs up in, `:`-separated as `PATH`.
    public var searchPath: String
    /// Run `govc` steps (shut a guest down, power a source VM back on); otherwise a rollout that needs one is
    /// refused before anything runs, and a rollback lists them for a person.
    public var runSourceSteps: Bool
    /// Run the wave's rollback when a step fails.
    public var rollbackOnFailure: Bool
    /// Extra environment for every command (added to the process's own, after `KUBECONFIG`).
    public var environment: [String: String]

    /// Makes a target.
    /// - Parameters:
    ///   - kubeconfig: The kubeconfig file (absolute path).
    ///   - context: The context in it; nil for its current context.
    ///   - tools: Programs by name, looked up before `searchPath`.
    ///   - searchPath: Directories to look programs up in (`PATH` syntax); nil for this process's `PATH`.
    ///   - runSourceSteps: Run `govc` steps too.
    ///   - rollbackOnFailure: Run the wave's rollback when a step fails.
    ///   - environment: Extra environment for every command.
    public init(
        kubeconfig: String, context: String? = nil, tools: [String: String] = [:], searchPath: String? = nil,
        runSourceSteps: Bool = false, rollbackOnFailure: Bool = true, environment: [String: String] = [:]
    ) {
        self.kubeconfig = kubeconfig
        self.context = context
        self.tools = tools
        self.searchPath = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        self.runSourceSteps = runSourceSteps
        self.rollbackOnFailure = rollbackOnFailure
        self.environment = environment
    }

    /// The programs a step may run; anything else is refused.
    public static let programs: Set<String> = ["kubectl", "virtctl", "govc"]

    /// The executable for `program`: the configured one, else the first executable file on the search path.
    /// - Parameter program: A program name (`kubectl`).
    public func resolve(_ program: String) -> String? {
        let fm = FileManager.default
        if let configured = tools[program] {
            return fm.isExecutableFile(atPath: configured) ? configured : nil
        }
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/" + program
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                fm.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }

    /// The arguments after the program, with the cluster's `--kubeconfig`/`--context` first for kubectl and
    /// virtctl.
    /// - Parameter command: The step's command.
    public func arguments(_ command: StepCommand) -> [String] {
        var args = Array(command.argv.dropFirst())
        if command.program == "kubectl" || command.program == "virtctl" {
            var cluster = ["--kubeconfig=\(kubeconfig)"]
            if let context { cluster.append("--context=\(context)") }
            args = cluster + args
        }
        return args
    }
}
